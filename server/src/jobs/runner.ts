import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { JobLock } from '../store/job-lock.js';

/**
 * What a run is given: the time it runs at (a test may pass another), and a signal that is aborted on shutdown or when
 * the run's job lock is lost (PostgreSQL: its connection ended); a run stops at its next step once it is.
 */
export interface JobContext {
  now: Date;
  signal: AbortSignal;
}

/**
 * A background job (issue 19): the event dispatcher, webhook deliveries, revocation windows, expiry notices,
 * inactivity revocation. A run must be safe to repeat and to kill at any point: each step is a transaction of its own
 * (or idempotent), so a replica killed mid-run leaves nothing half-done and the next run finishes the work.
 */
export interface Job {
  /** Also the lock's key: one run of a name at a time across replicas. */
  name: string;
  /** Between the end of one run and the start of the next. */
  intervalMs: number;
  run(ctx: JobContext): Promise<void>;
}

/** Told of every run's end: ran and succeeded, ran and failed, or skipped (its lock held elsewhere); seconds run. */
export type JobRunObserver = (job: string, outcome: 'ok' | 'failed' | 'skipped', seconds: number) => void;

/**
 * Runs registered jobs on their intervals, each under the store's job lock (PostgreSQL: an advisory lock, so one
 * replica at a time). With TESSERA_JOBS=off (tests) nothing runs by itself; `runNow` runs a job on demand.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly active = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private started = false;

  constructor(
    private readonly lock: JobLock,
    private readonly logger: Logger,
    /** The metrics' count and duration of runs (metrics/app-metrics.ts). */
    private readonly observeRun?: JobRunObserver,
  ) {}

  register(job: Job): this {
    if (this.jobs.has(job.name)) throw new Error(`The job ${job.name} is registered twice.`);
    this.jobs.set(job.name, job);
    if (this.started) this.schedule(job, this.firstDelay(job));
    return this;
  }

  /** Starts every job's timer; the first run of each is spread over its first interval (replicas do not align). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs.values()) this.schedule(job, this.firstDelay(job));
  }

  /**
   * Runs the job now, at `now` when given: true when it ran, false when another run held the lock. A failing run
   * rejects (a scheduled one is logged instead).
   */
  async runNow(name: string, now?: Date): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job is called ${name}.`);
    // Aborted on shutdown, and when the job's lock is lost mid-run (another replica may then start the same job).
    const run = this.lock.tryRun(name, (lockLost) =>
      job.run({ now: now ?? new Date(), signal: AbortSignal.any([this.abort.signal, lockLost]) }),
    );
    this.active.add(run);
    const started = performance.now();
    try {
      const { ran } = await run;
      this.observeRun?.(name, ran ? 'ok' : 'skipped', (performance.now() - started) / 1000);
      return ran;
    } catch (err) {
      this.observeRun?.(name, 'failed', (performance.now() - started) / 1000);
      throw err;
    } finally {
      this.active.delete(run);
    }
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Stops the timers, aborts the runs in progress and waits for them to end. */
  async stop(): Promise<void> {
    this.started = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.active]);
  }

  private firstDelay(job: Job): number {
    return Math.floor(Math.random() * Math.min(job.intervalMs, 5_000));
  }

  private schedule(job: Job, delay: number) {
    const timer = setTimeout(() => {
      this.timers.delete(job.name);
      this.runNow(job.name)
        .catch((err: unknown) =>
          this.logger.error(
            { job: job.name, err: err instanceof Error ? err.message : String(err) },
            'a job run failed',
          ),
        )
        .finally(() => {
          if (this.started) this.schedule(job, job.intervalMs);
        });
    }, delay);
    timer.unref();
    this.timers.set(job.name, timer);
  }
}
