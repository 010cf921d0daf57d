import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { ServiceUnavailable } from '../errors.js';
import type { RedisClient } from '../sessions/redis-session-store.js';
import { memoryCounters, type LockIndex, type SignInCounters } from './sign-in-throttle.js';

const UNREACHABLE = 'The shared sign-in counters cannot be reached for a moment. Try again shortly.';

/** Counts in memory while Redis is away, asking it again after this long. */
const RETRY_REDIS_MS = 5_000;

/**
 * The sign-in counters in Redis (rate-limit-redis), shared by every replica: `<prefix>ip:<address>` and
 * `<prefix>user:<username> <address>` (and the other limiters' `<prefix>oidc:<address>`,
 * `<prefix>leak-report:<address>`) hold a count with the window as their expiry; `<prefix>locks` is a sorted set
 * of the username+address pairs that reached the limit (score: when the lock ends), read by the users list and
 * cleared by an unlock. No password, session id or token is ever part of a key.
 *
 * Redis unreachable or too slow (a command rejects, or takes longer than the deadline): attempts are counted in this
 * process's memory instead, as without Redis, for a few seconds before Redis is asked again — never let through
 * uncounted and never left waiting. Only an unlock needs Redis itself (503 until it answers): lifting a lock in one
 * replica's memory would say "unlocked" while every replica still refuses.
 */
export function redisCounters(client: RedisClient, opts: { prefix?: string; timeoutMs?: number } = {}): SignInCounters {
  const prefix = opts.prefix ?? 'tessera:signin:';
  const timeoutMs = opts.timeoutMs ?? 2000;
  const memory = memoryCounters();
  let redisDownUntil = 0;
  const failover: Failover = async (work, instead) => {
    if (Date.now() < redisDownUntil) return instead();
    try {
      return await withDeadline(work, timeoutMs);
    } catch {
      redisDownUntil = Date.now() + RETRY_REDIS_MS;
      return instead();
    }
  };
  const strict = <T>(work: () => Promise<T>): Promise<T> =>
    withDeadline(work, timeoutMs).catch(() => {
      throw new ServiceUnavailable(UNREACHABLE);
    });
  const locksKey = `${prefix}locks`;
  const locks: LockIndex = {
    add: (member, until) =>
      failover(
        async () => {
          // The set lives as long as its longest lock (NX sets a first expiry, GT only extends it), so an idle
          // deployment leaves nothing behind.
          await client
            .multi()
            .zAdd(locksKey, { score: until, value: member })
            .pExpireAt(locksKey, until, 'NX')
            .pExpireAt(locksKey, until, 'GT')
            .exec();
        },
        () => memory.locks.add(member, until),
      ),
    list: (now) =>
      failover(
        async () => {
          await client.zRemRangeByScore(locksKey, '-inf', now);
          return client.zRangeByScore(locksKey, `(${now}`, '+inf');
        },
        () => memory.locks.list(now),
      ),
    remove: async (members) => {
      await memory.locks.remove(members);
      if (members.length > 0) await strict(() => client.zRem(locksKey, members));
    },
  };
  return {
    store: (limiter) =>
      guarded(
        new RedisStore({
          sendCommand: (...args: string[]) => client.sendCommand(args),
          prefix: `${prefix}${limiter}:`,
        }),
        new MemoryStore(),
        failover,
        strict,
      ),
    locks,
  };
}

type Failover = <T>(work: () => Promise<T>, instead: () => Promise<T>) => Promise<T>;

async function withDeadline<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A RedisStore that counts in `memory` while Redis fails (failover), and whose reset needs Redis (strict). rate-limit-
 * redis loads its scripts once, at init: if Redis was away then (or flushed them since), the next call loads them
 * again instead of failing for ever.
 */
function guarded(
  inner: RedisStore,
  memory: MemoryStore,
  failover: Failover,
  strict: <T>(work: () => Promise<T>) => Promise<T>,
): Store {
  let options: Options | undefined;
  let loaded: Promise<void> | undefined;
  const ready = () => (loaded ??= options ? inner.init(options) : Promise.resolve());
  const inRedis =
    <T>(work: () => Promise<T>) =>
    async () => {
      try {
        await ready();
        return await work();
      } catch (err) {
        loaded = undefined;
        throw err;
      }
    };
  return {
    prefix: inner.prefix,
    localKeys: false,
    init(o: Options) {
      options = o;
      loaded = undefined;
      memory.init(o);
      // A failure here is retried at the first call; express-rate-limit need not log it.
      ready().catch(() => (loaded = undefined));
    },
    get: (key) =>
      failover(
        inRedis(() => inner.get(key)),
        () => Promise.resolve(memory.get(key)),
      ),
    increment: (key) =>
      failover(
        inRedis(() => inner.increment(key)),
        () => Promise.resolve(memory.increment(key)),
      ),
    decrement: (key) =>
      failover(
        inRedis(() => inner.decrement(key)),
        () => Promise.resolve(memory.decrement(key)),
      ),
    resetKey: async (key) => {
      await memory.resetKey(key);
      await strict(inRedis(() => inner.resetKey(key)));
    },
  };
}
