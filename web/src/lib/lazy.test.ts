import { describe, expect, it, vi } from 'vitest';
import { ChunkLoadError, retryImport } from './lazy';

describe('retryImport', () => {
  it('retries a failed import and returns the module once one attempt works', async () => {
    const load = vi
      .fn<() => Promise<{ v: number }>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValueOnce({ v: 1 });
    await expect(retryImport(load, { retries: 2, delays: [0] })).resolves.toEqual({ v: 1 });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('gives up after the retries with a ChunkLoadError that keeps the cause', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module');
    const load = vi.fn(() => Promise.reject(cause));
    const error = await retryImport(load, { retries: 2, delays: [0] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkLoadError);
    expect((error as ChunkLoadError).cause).toBe(cause);
    expect((error as Error).message).toBe(
      'This part of the console could not be loaded. Check your connection and try again.',
    );
    expect(load).toHaveBeenCalledTimes(3);
  });
});
