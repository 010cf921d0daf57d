import pg from 'pg';
import { InProcessJobLock, type JobLock, type Locked } from './job-lock.js';
import { BoundedClient } from './postgres-timeouts.js';

/**
 * PostgreSQL: a session-level advisory lock per running job, all held on one connection of the lock's own, outside
 * the pool. The key is the job's name in the current schema (parallel schemas of one database are separate
 * deployments), so replicas of one deployment run a job one at a time; a replica that dies mid-run loses its
 * connection and with it the lock, and the next run starts over (every job's steps are transactions of their own, so
 * a killed run leaves nothing half-done).
 *
 * The connection can also be lost under a replica that lives on (the database restarted, the session terminated, the
 * network cut: TCP keep-alive finds a silent peer). PostgreSQL then releases every lock it held while the runs go on,
 * and another replica may start the same jobs: so the connection's end aborts the `lockLost` signal of each run that
 * held a lock on it, and the runs stop at their next step.
 *
 * Not a pooled connection per run: a job pinned one for as long as it ran and needed another for its work, so with a
 * small pool (TESSERA_PG_POOL_MAX=2) two jobs at once took every connection, waited for a third until the pool's
 * timeout, and requests waited with them. Each replica opens one connection more than its pool, only once a job runs.
 */
/** The lock connection, and its signal that aborts once it has ended (and with it every lock it held). */
interface LockSession {
  client: pg.Client;
  lost: AbortSignal;
}

export class PostgresJobLock implements JobLock {
  private readonly inProcess = new InProcessJobLock();
  private session: Promise<LockSession> | undefined;
  private closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  tryRun<T>(name: string, fn: (lockLost: AbortSignal) => Promise<T>): Promise<Locked<T>> {
    return this.inProcess.tryRun(name, () => this.underAdvisoryLock(name, fn)).then((r) => (r.ran ? r.value : r));
  }

  /** Ends the lock connection; locks still held go with it. */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    await session?.then(({ client }) => client.end()).catch(() => {});
  }

  /** The lock connection, opened on first use and again after it was lost (with every lock it held). */
  private connection(): Promise<LockSession> {
    if (this.closed) return Promise.reject(new Error('The job lock is closed.'));
    if (!this.session) {
      const client = new BoundedClient(this.config);
      const lost = new AbortController();
      const session = client.connect().then(() => ({ client, lost: lost.signal }));
      const forget = () => {
        if (this.session === session) this.session = undefined;
        lost.abort(new Error('The job lock’s database connection was lost.'));
      };
      // A lost connection (the database restarted, the session terminated) errors on the client: without a listener
      // that would end the process. Its locks are gone, so are its runs' (aborted); the next run opens a new one.
      client.on('error', () => {
        forget();
        client.end().catch(() => {});
      });
      client.on('end', forget);
      session.catch(forget);
      this.session = session;
    }
    return this.session;
  }

  private async underAdvisoryLock<T>(name: string, fn: (lockLost: AbortSignal) => Promise<T>): Promise<Locked<T>> {
    const key = `tessera.job:${name}`;
    const { client, lost } = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) as locked`,
      [key],
    );
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await fn(lost) };
    } finally {
      // Only on the connection that took it: a lost one took the lock with it.
      if (!lost.aborted && (await this.session?.catch(() => undefined))?.client === client) {
        await client
          .query(`select pg_advisory_unlock(hashtext(current_schema()), hashtext($1))`, [key])
          .catch(() => {});
      }
    }
  }
}
