import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, toast } from './toast';

afterEach(() => {
  for (const t of toast.current()) toast.dismiss(t.id);
  vi.useRealTimers();
});

describe('toast', () => {
  it('shows a confirmation, then lets it go after its time unless paused', () => {
    vi.useFakeTimers();
    const id = toast.success('Token deleted.');
    expect(toast.current()).toEqual([{ id, message: 'Token deleted.', tone: 'success' }]);
    toast.pause(id);
    vi.advanceTimersByTime(TOAST_MS.success * 2);
    expect(toast.current()).toHaveLength(1);
    toast.resume(id);
    vi.advanceTimersByTime(TOAST_MS.success);
    expect(toast.current()).toEqual([]);
  });

  it('keeps the three newest and dismisses on request', () => {
    const ids = ['a', 'b', 'c', 'd'].map((m) => toast.error(m));
    expect(toast.current().map((t) => t.message)).toEqual(['b', 'c', 'd']);
    toast.dismiss(ids[2]!);
    expect(toast.current().map((t) => t.message)).toEqual(['b', 'd']);
  });
});
