import { createElement, lazy, type ComponentProps, type ComponentType } from 'react';

/** A piece of the console's code that could not be fetched, after every retry. */
export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super('This part of the console could not be loaded. Check your connection and try again.', { cause });
    this.name = 'ChunkLoadError';
  }
}

export const isChunkLoadError = (e: unknown): e is ChunkLoadError => e instanceof ChunkLoadError;

export interface RetryOptions {
  /** Attempts after the first one. */
  retries?: number;
  /** Wait before each retry, in ms; the last value repeats. */
  delays?: number[];
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a dynamic import, retrying a failure (a deploy or network blip) before giving up with a ChunkLoadError.
 * Calling `load` again is enough: Chromium (156, tested) re-requests a module whose fetch failed, no cache-busting.
 */
export async function retryImport<T>(
  load: () => Promise<T>,
  { retries = 2, delays = [500, 1500] }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (attempt >= retries) throw new ChunkLoadError(error);
      await wait(delays[Math.min(attempt, delays.length - 1)] ?? 0);
    }
  }
}

// The lazy components whose import failed, each with a way to start over (see resetFailedChunks).
const failed = new Set<() => void>();

/**
 * Gives every lazyWithRetry component whose code failed a fresh React.lazy, so that the next render imports again;
 * ChunkBoundary's Retry calls it before rendering its children again.
 */
export function resetFailedChunks(): void {
  for (const reset of failed) reset();
  failed.clear();
}

/**
 * React.lazy over retryImport. React.lazy keeps a rejection forever, so Retry needs a new one; it is made only on
 * Retry (resetFailedChunks), not at once: React renders once more after an error, and a fresh lazy there would
 * import again in a loop.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component, as React.lazy takes
export function lazyWithRetry<C extends ComponentType<any>>(
  load: () => Promise<{ default: C }>,
  options?: RetryOptions,
): ComponentType<ComponentProps<C>> {
  const make = () =>
    lazy(() =>
      retryImport(load, options).catch((error: unknown) => {
        failed.add(() => (current = make()));
        throw error;
      }),
    );
  let current = make();
  function LazyWithRetry(props: ComponentProps<C>) {
    return createElement(current, props);
  }
  return LazyWithRetry;
}
