import type { RevocationFilter, RevocationRepository } from '../store/store.js';

// How a revocation walks its tokens without blocking verification (issue 19: 100,000 tokens in one request, the
// verification p99 at most twice its baseline meanwhile). better-sqlite3 is synchronous: while a statement runs,
// this process answers nothing, so each step (a range read, a batch marked in its transaction) is kept to about
// two milliseconds and the event loop gets a turn between steps. PostgreSQL runs on other connections and
// processes: there batches are a few thousand tokens, for fewer round trips.

export interface Pace {
  /** Tokens in id order read per selection step. */
  span: number;
  /** The first batch size; on SQLite it then follows the time each batch took. */
  batch: number;
  /** SQLite: the time a batch should take (ms); undefined: fixed batches. */
  targetMs?: number;
}

export const paceFor = (dialect: 'sqlite' | 'postgres'): Pace =>
  dialect === 'sqlite' ? { span: 2_000, batch: 100, targetMs: 2 } : { span: 20_000, batch: 2_000 };

/** Lets requests waiting on the event loop (verifications) run between two steps. */
export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Batch sizes that follow how long each batch took, so a batch stays near the target on any machine and load. */
export class Pacer {
  size: number;

  constructor(private readonly pace: Pace) {
    this.size = pace.batch;
  }

  took(ms: number, n: number): void {
    const target = this.pace.targetMs;
    if (target === undefined || n === 0) return;
    const next = Math.round((n * target) / Math.max(ms, 0.05));
    // Grow slowly, shrink at once.
    this.size = Math.max(10, Math.min(2_000, Math.min(next, this.size * 2)));
  }
}

/** The tokens a selection names, a bounded chunk at a time: a list of ids, or the filter's matches range by range. */
export async function* candidates(
  repo: RevocationRepository,
  pace: Pace,
  select: { ids: readonly string[] } | { filter: RevocationFilter },
): AsyncGenerator<string[]> {
  if ('ids' in select) {
    for (let i = 0; i < select.ids.length; i += pace.span) yield select.ids.slice(i, i + pace.span);
    return;
  }
  let after: string | null = null;
  do {
    const { ids, next }: { ids: string[]; next: string | null } = await repo.scan(select.filter, after, pace.span);
    if (ids.length > 0) yield ids;
    after = next;
    await yieldToRequests();
  } while (after !== null);
}

/** Splits a chunk into the pacer's batches, each handed to `step`, timed, and followed by a turn of the event loop. */
export async function inBatches(
  chunk: readonly string[],
  pacer: Pacer,
  step: (ids: readonly string[]) => Promise<boolean>,
): Promise<boolean> {
  for (let i = 0; i < chunk.length;) {
    const ids = chunk.slice(i, i + pacer.size);
    i += ids.length;
    const started = performance.now();
    const goOn = await step(ids);
    pacer.took(performance.now() - started, ids.length);
    await yieldToRequests();
    if (!goOn) return false;
  }
  return true;
}
