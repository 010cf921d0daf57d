/** The outcome of asking to run a job: run, or skipped because it is running (here or on another replica). */
export type Locked<T> = { ran: true; value: T } | { ran: false };

/** At most one run of a named job at a time: in this process, and on PostgreSQL across every replica. */
export interface JobLock {
  /**
   * Runs `fn` holding the job's lock, or answers `{ ran: false }` at once when someone else holds it. `fn` is given a
   * signal that aborts when the lock is lost before `fn` ends (PostgreSQL: its connection ended): another replica may
   * then start the same job, so the run must stop at its next step.
   */
  tryRun<T>(name: string, fn: (lockLost: AbortSignal) => Promise<T>): Promise<Locked<T>>;
}

/** Never aborts: a lock that cannot be lost while its holder runs. */
const NEVER_LOST = new AbortController().signal;

/** The embedded store: one process owns the database file, so a set of running names is the lock. */
export class InProcessJobLock implements JobLock {
  private readonly running = new Set<string>();

  async tryRun<T>(name: string, fn: (lockLost: AbortSignal) => Promise<T>): Promise<Locked<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      return { ran: true, value: await fn(NEVER_LOST) };
    } finally {
      this.running.delete(name);
    }
  }
}
