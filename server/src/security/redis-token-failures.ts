import type { RedisClient } from '../sessions/redis-session-store.js';
import type { SharedFailureCounter } from './token-failure-throttle.js';

/**
 * The token-failure budget in Redis, shared by every replica: `<prefix><address>` holds an address's failures in the
 * current window and expires with it. One round trip per failure (SET NX PX, INCR, PTTL in one MULTI: Redis 6 has no
 * EXPIRE NX); none for a valid token. A command that fails or takes longer than `timeoutMs` rejects, and the throttle
 * counts in memory meanwhile (token-failure-throttle.ts).
 */
export function redisTokenFailures(
  client: RedisClient,
  opts: { prefix: string; timeoutMs?: number },
): SharedFailureCounter {
  const { prefix } = opts;
  const timeoutMs = opts.timeoutMs ?? 1000;
  return {
    increment: (ip, windowMs) =>
      withDeadline(async () => {
        const key = prefix + ip;
        const [, failures, ttl] = await client
          .multi()
          .set(key, '0', { condition: 'NX', expiration: { type: 'PX', value: windowMs } })
          .incr(key)
          .pTTL(key)
          .exec();
        const ms = Number(ttl);
        return { failures: Number(failures), resetAt: Date.now() + (ms > 0 ? ms : windowMs) };
      }, timeoutMs),
    reset: (ip) =>
      withDeadline(async () => {
        await client.del(prefix + ip);
      }, timeoutMs),
  };
}

async function withDeadline<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer in time')), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
