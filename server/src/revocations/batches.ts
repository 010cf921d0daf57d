import type { RevocationFilter, RevocationRepository } from '../store/store.js';

// How a revocation walks its tokens without blocking verification (issue 19: 100,000 tokens in one request, the
// verification p99 at most twice its baseline meanwhile). better-sqlite3 is synchronous: while a statement runs,
// this process answers nothing, so each step (a range read, a batch marked in its transaction) is kept to about
// four milliseconds of CPU and the event loop gets a turn between steps. A token marked costs some 50–150 µs (its
// row, the covering index, its audit row and domain event, each a random B-tree path in a large file), so a batch
// is a few dozen tokens; it starts at ten and follows what each batch cost. PostgreSQL runs on other connections and
// processes: there batches are a few thousand tokens, for fewer round trips.

export interface Pace {
  /** Rows read per selection step (SQLite: the first; then it follows the time each took). */
  span: number;
  /** The first batch size; on SQLite it then follows the time each batch took. */
  batch: number;
  /** SQLite: the CPU time a batch should take (ms); undefined: fixed batches. */
  targetMs?: number;
  /**
   * SQLite: after a step, rest this many times its cost before the next (2: the work takes at most a third of the
   * process's time, however long it runs); undefined: only a turn of the event loop.
   */
  restFactor?: number;
}

export const paceFor = (dialect: 'sqlite' | 'postgres'): Pace =>
  dialect === 'sqlite' ? { span: 1_000, batch: 10, targetMs: 4, restFactor: 2 } : { span: 20_000, batch: 2_000 };

/**
 * CPU time (ms) this process spent since `started`: what a batch costs the event loop, whatever else the machine
 * runs (wall time would shrink the batches whenever the process is merely descheduled).
 */
export function cpuMsSince(started: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(started);
  return (d.user + d.system) / 1000;
}

/**
 * Lets requests waiting on the event loop (verifications) run between two steps: a turn of the loop, or on SQLite a
 * rest in proportion to what the step cost, so verification keeps most of the process while a revocation runs.
 */
export const yieldToRequests = (pace?: Pace, costMs = 0) =>
  new Promise<void>((resolve) => {
    const rest = pace?.restFactor ? Math.min(50, costMs * pace.restFactor) : 0;
    if (rest >= 1) setTimeout(resolve, rest);
    else setImmediate(resolve);
  });

/** Step sizes (rows, tokens) that follow what each step cost, so a step stays near the target on any machine. */
export class Pacer {
  size: number;

  constructor(
    initial: number,
    private readonly targetMs: number | undefined,
    private readonly bounds: [min: number, max: number],
  ) {
    this.size = initial;
  }

  took(ms: number, n: number): void {
    if (this.targetMs === undefined || n === 0) return;
    const next = Math.round((n * this.targetMs) / Math.max(ms, 0.05));
    // Grow slowly, shrink at once.
    this.size = Math.max(this.bounds[0], Math.min(this.bounds[1], next, this.size * 2));
  }
}

/** The batch pacer of a pace: tokens marked, restored or deleted per transaction. */
export const batchPacer = (pace: Pace) => new Pacer(pace.batch, pace.targetMs, [10, 5_000]);

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
  const spans = new Pacer(pace.span, pace.targetMs, [100, 100_000]);
  let after: string | null = null;
  do {
    // Wall time here: a range read's cost is mostly pages read from the file (waits the CPU time does not show).
    const started = performance.now();
    const { ids, next }: { ids: string[]; next: string | null } = await repo.scan(select.filter, after, spans.size);
    const cost = performance.now() - started;
    spans.took(cost, spans.size);
    if (ids.length > 0) yield ids;
    after = next;
    await yieldToRequests(pace, cost);
  } while (after !== null);
}

/** Splits a chunk into the pacer's batches, each handed to `step`, timed, and followed by a turn of the event loop. */
export async function inBatches(
  chunk: readonly string[],
  pacer: Pacer,
  pace: Pace,
  step: (ids: readonly string[]) => Promise<boolean>,
): Promise<boolean> {
  for (let i = 0; i < chunk.length;) {
    const ids = chunk.slice(i, i + pacer.size);
    i += ids.length;
    const started = process.cpuUsage();
    const goOn = await step(ids);
    const cost = cpuMsSince(started);
    pacer.took(cost, ids.length);
    await yieldToRequests(pace, cost);
    if (!goOn) return false;
  }
  return true;
}
