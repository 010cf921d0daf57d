import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';

describe.each(backends)('settings compare-and-set (%s)', (kind) => {
  let ts: TestStore;
  beforeAll(async () => {
    ts = await openTestStore(kind);
  });
  afterAll(() => ts.cleanup());

  it('writes only over the text it was given, so a stale writer learns it lost instead of overwriting', async () => {
    const s = ts.store.settings;
    const at = new Date().toISOString();
    expect(await s.raw('k')).toBeUndefined();
    expect(await s.replace('k', undefined, { v: 1 }, at)).toBe(true);
    // A second "first write" finds the row there.
    expect(await s.replace('k', undefined, { v: 2 }, at)).toBe(false);
    const first = await s.raw('k');
    expect(first).toBe('{"v":1}');
    expect(await s.replace('k', first, { v: 3 }, at)).toBe(true);
    // The writer that read {"v":1} before that change is refused, and the value stays.
    expect(await s.replace('k', first, { v: 4 }, at)).toBe(false);
    expect(await s.get('k')).toEqual({ v: 3 });
  });
});
