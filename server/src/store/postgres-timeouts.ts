import pg from 'pg';

/** How long the client waits on PostgreSQL beyond the server's own statement_timeout: a round trip, unloaded. */
const CLIENT_MARGIN_MS = 1000;
/** pg's message when `query_timeout` passes without an answer (client.js); it has no code. */
const READ_TIMEOUT = 'Query read timeout';

/**
 * A connection that cannot hang a request. pg leaves a connection whose query timed out on the client side in use,
 * still waiting for that answer, and the pool hands it out again: every later query on it waited a full timeout more.
 * Such a connection is ended here (its queries fail, the pool drops it). And a connection lost while checked out (a
 * reset, a terminated backend) emits `error` with no listener but this one: pg-pool listens only while it is idle, and
 * an unheard `error` ends the process. Its queries have already failed with that error, which is all a caller needs.
 */
export class BoundedClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }

  // Loosely typed: one override for pg's overloads (promise, callback and submittable forms).
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: Error | null, res: unknown) => {
        if (err?.message === READ_TIMEOUT) this.endSilentConnection();
        (callback as (e: Error | null, r: unknown) => void)(err, res);
      };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      result.catch((err: unknown) => {
        if ((err as Error | undefined)?.message === READ_TIMEOUT) this.endSilentConnection();
      });
    }
    return result as never;
  }

  private endSilentConnection() {
    (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }
}

/**
 * The bounds every pooled or long-lived connection gets: PostgreSQL cancels a statement after `timeoutMs`
 * (statement_timeout, also bounding lock waits); the client gives up a second later if no answer came at all (a
 * silent network, a hung server); connecting, and waiting for a pooled connection, take at most `timeoutMs` too.
 * TCP keep-alive ends an idle connection whose peer went away without a word.
 */
export function boundedConfig(config: pg.ClientConfig, timeoutMs: number) {
  return {
    ...config,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + CLIENT_MARGIN_MS,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  } satisfies pg.ClientConfig;
}
