import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import type { KyselyStore } from '../store/kysely-store.js';
import { createSqliteStore } from '../store/sqlite.js';
import { newToken, newUser } from '../test-support/store-fixtures.js';
import { LAST_USE_GRANULARITY_MS, LastUseRecorder } from './last-use.js';

const t0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const at = (ms: number) => new Date(t0 + ms).toISOString();

describe('last use, kept to the minute', () => {
  let dir: string;
  let store: KyselyStore;
  let recorder: LastUseRecorder;
  let owner: string;
  let tokenId: string;
  const stored = async () => {
    const t = await store.authTokens.get(owner, tokenId);
    return { at: t?.lastUsedAt, ip: t?.lastUsedIp };
  };
  const use = (ms: number, ip: string) => recorder.record(tokenId, ip, t0 + ms);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-last-use-'));
    store = await createSqliteStore(dir);
    recorder = new LastUseRecorder(store.authTokens, createLogger('silent'), 60_000);
    owner = (await store.users.create(newUser('owner'))).id;
    const token = newToken(owner);
    await store.authTokens.create(token, 10);
    tokenId = token.id;
  });
  afterEach(async () => {
    await recorder.stop();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the first use, then again only a minute later or from another address', async () => {
    use(0, '192.0.2.1');
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(0), ip: '192.0.2.1' });

    use(30_000, '192.0.2.1'); // same address, within the minute: not news
    expect(recorder.peek(tokenId)).toBeUndefined();
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(0), ip: '192.0.2.1' });

    use(40_000, '198.51.100.9'); // another address is always news
    expect(recorder.peek(tokenId)?.ip).toBe('198.51.100.9');
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(40_000), ip: '198.51.100.9' });

    use(40_000 + LAST_USE_GRANULARITY_MS - 1, '198.51.100.9');
    await recorder.flush();
    expect((await stored()).at).toBe(at(40_000));
    use(40_000 + LAST_USE_GRANULARITY_MS, '198.51.100.9');
    await recorder.flush();
    expect((await stored()).at).toBe(at(40_000 + LAST_USE_GRANULARITY_MS));
  });

  it('keeps the newest of several uses between two flushes, as before', async () => {
    use(0, '192.0.2.1');
    use(1_000, '192.0.2.2');
    use(2_000, '192.0.2.2');
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(2_000), ip: '192.0.2.2' });
  });

  it('treats the next use as news once the token is forgotten (its secret was regenerated)', async () => {
    use(0, '192.0.2.1');
    await recorder.flush();
    recorder.forget(tokenId);
    use(10_000, '192.0.2.1');
    expect(recorder.peek(tokenId)?.at).toBe(at(10_000));
  });
});
