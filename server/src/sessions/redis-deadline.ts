import { ServiceUnavailable } from '../errors.js';
import type { RedisClient } from './redis-session-store.js';

const UNREACHABLE = new ServiceUnavailable('Browser sessions cannot be reached for a moment. Try again shortly.');

/**
 * A deadline for Redis work: a failure, or no answer within `timeoutMs`, is a 503 (Retry-After). node-redis bounds a
 * command only until it is written: once sent, it waits for the answer for ever, so a Redis that hangs or a network
 * that goes silent (no reset ever comes) would hold every request that asks it. When the deadline passes on a ready
 * connection, the connection is ended: every command still waiting on it fails at once, and the client connects
 * again (meanwhile it is offline and, with no offline queue, commands fail at once rather than wait).
 */
export class RedisDeadline {
  constructor(
    private readonly client: RedisClient,
    readonly timeoutMs: number,
    /** Told when a silent connection is ended (for the log). */
    private readonly onSilent: (timeoutMs: number) => void = () => {},
  ) {}

  /** `work`'s value, or a 503 when Redis failed it or did not answer in time. */
  run<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reconnect();
        reject(UNREACHABLE);
      }, this.timeoutMs);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        () => {
          clearTimeout(timer);
          reject(UNREACHABLE);
        },
      );
    });
  }

  /** Once per silent connection: commands timing out together find it no longer ready. */
  private reconnect() {
    const client = this.client;
    if (!client.isReady) return;
    this.onSilent(this.timeoutMs);
    client.destroy();
    client.connect().catch(() => {
      // the reconnection's errors reach the client's `error` listener
    });
  }
}
