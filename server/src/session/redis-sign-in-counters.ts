import type { Options, Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { ServiceUnavailable } from '../errors.js';
import type { RedisClient } from '../sessions/redis-session-store.js';
import type { LockIndex, SignInCounters } from './sign-in-throttle.js';

const UNREACHABLE = 'Sign-in is unavailable for a moment: its shared counters cannot be reached. Try again shortly.';

/**
 * The sign-in counters in Redis (rate-limit-redis), shared by every replica: `<prefix>ip:<address>` and
 * `<prefix>user:<username> <address>` (and the other limiters' `<prefix>oidc:<address>`,
 * `<prefix>leak-report:<address>`) hold a count with the window as their expiry; `<prefix>locks` is a sorted set
 * of the username+address pairs that reached the limit (score: when the lock ends), read by the users list and
 * cleared by an unlock. No password, session id or token is ever part of a key.
 *
 * Redis unreachable or too slow: the attempt is answered 503, never let through uncounted and never left waiting
 * (the client fails fast while disconnected — connectRedis disables the offline queue — and each command has a
 * deadline here).
 */
export function redisCounters(client: RedisClient, opts: { prefix?: string; timeoutMs?: number } = {}): SignInCounters {
  const prefix = opts.prefix ?? 'tessera:signin:';
  const timeoutMs = opts.timeoutMs ?? 2000;
  const guard = <T>(work: () => Promise<T>): Promise<T> => withDeadline(work, timeoutMs);
  const locksKey = `${prefix}locks`;
  const locks: LockIndex = {
    add: (member, until) =>
      guard(async () => {
        // The set lives as long as its longest lock (NX sets a first expiry, GT only extends it), so an idle
        // deployment leaves nothing behind.
        await client
          .multi()
          .zAdd(locksKey, { score: until, value: member })
          .pExpireAt(locksKey, until, 'NX')
          .pExpireAt(locksKey, until, 'GT')
          .exec();
      }),
    list: (now) =>
      guard(async () => {
        await client.zRemRangeByScore(locksKey, '-inf', now);
        return client.zRangeByScore(locksKey, `(${now}`, '+inf');
      }),
    remove: (members) =>
      guard(async () => {
        if (members.length > 0) await client.zRem(locksKey, members);
      }),
  };
  return {
    store: (limiter) =>
      guarded(
        new RedisStore({
          sendCommand: (...args: string[]) => client.sendCommand(args),
          prefix: `${prefix}${limiter}:`,
        }),
        timeoutMs,
      ),
    locks,
  };
}

async function withDeadline<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work(), deadline]);
  } catch {
    throw new ServiceUnavailable(UNREACHABLE);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A RedisStore whose failures are a 503 within the deadline. rate-limit-redis loads its scripts once, at init: if
 * Redis was away then (or flushed them since), the next call loads them again instead of failing for ever.
 */
function guarded(inner: RedisStore, timeoutMs: number): Store {
  let options: Options | undefined;
  let loaded: Promise<void> | undefined;
  const ready = () => (loaded ??= options ? inner.init(options) : Promise.resolve());
  const call = <T>(work: () => Promise<T>) =>
    withDeadline(async () => {
      try {
        await ready();
        return await work();
      } catch (err) {
        loaded = undefined;
        throw err;
      }
    }, timeoutMs);
  return {
    prefix: inner.prefix,
    localKeys: false,
    init(o: Options) {
      options = o;
      loaded = undefined;
      // A failure here is retried at the first call; express-rate-limit need not log it.
      ready().catch(() => (loaded = undefined));
    },
    get: (key) => call(() => inner.get(key)),
    increment: (key) => call(() => inner.increment(key)),
    decrement: (key) => call(() => inner.decrement(key)),
    resetKey: (key) => call(() => inner.resetKey(key)),
  };
}
