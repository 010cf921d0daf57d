import type pg from 'pg';

/** The outcome of asking to run a job: run, or skipped because it is running (here or on another replica). */
export type Locked<T> = { ran: true; value: T } | { ran: false };

/** At most one run of a named job at a time: in this process, and on PostgreSQL across every replica. */
export interface JobLock {
  /** Runs `fn` holding the job's lock, or answers `{ ran: false }` at once when someone else holds it. */
  tryRun<T>(name: string, fn: () => Promise<T>): Promise<Locked<T>>;
}

/** The embedded store: one process owns the database file, so a set of running names is the lock. */
export class InProcessJobLock implements JobLock {
  private readonly running = new Set<string>();

  async tryRun<T>(name: string, fn: () => Promise<T>): Promise<Locked<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.running.delete(name);
    }
  }
}

/**
 * PostgreSQL: a session-level advisory lock on a pooled connection held for the run. The key is the job's name in
 * the current schema (parallel schemas of one database are separate deployments), so replicas of one deployment run
 * a job one at a time; a replica that dies mid-run loses its connection and with it the lock, and the next run
 * starts over (every job's steps are transactions of their own, so a killed run leaves nothing half-done).
 */
export class PostgresJobLock implements JobLock {
  private readonly inProcess = new InProcessJobLock();

  constructor(private readonly pool: pg.Pool) {}

  tryRun<T>(name: string, fn: () => Promise<T>): Promise<Locked<T>> {
    return this.inProcess.tryRun(name, () => this.underAdvisoryLock(name, fn)).then((r) => (r.ran ? r.value : r));
  }

  private async underAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<Locked<T>> {
    const client = await this.pool.connect();
    // A connection lost mid-run (the database restarted, the session terminated) errors on the client: without a
    // listener that would end the process. The lock went with the session; the run's own statements fail.
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    const key = `tessera.job:${name}`;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        `select pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) as locked`,
        [key],
      );
      if (!rows[0]?.locked) return { ran: false };
      try {
        return { ran: true, value: await fn() };
      } finally {
        await client
          .query(`select pg_advisory_unlock(hashtext(current_schema()), hashtext($1))`, [key])
          .catch((err: unknown) => (lost ??= err instanceof Error ? err : new Error(String(err))));
      }
    } finally {
      // A lost connection is destroyed, not pooled, and keeps the listener: ending it may error once more.
      if (!lost) client.off('error', onError);
      client.release(lost ?? false);
    }
  }
}
