import type { Request } from 'express';
import {
  MemoryStore,
  rateLimit,
  type ClientRateLimitInfo,
  type IncrementResponse,
  type Options,
  type RateLimitRequestHandler,
  type Store,
} from 'express-rate-limit';
import { MAX_USERNAME_LENGTH, USERNAME_PATTERN } from '../contract/rules.js';
import { TooManyRequests } from '../http/errors.js';
import { clientAddressKey as addressKey, tooManyRequestsHandler } from '../security/rate-limit.js';
import type { SignInLockouts } from '../users/service.js';

/** What a failed attempt's name is recorded as when it cannot be a username (a password typed in the wrong field). */
export const NOT_A_USERNAME = '(not a username)';

/**
 * The name a sign-in attempt claimed, as it may be recorded (audit, logs, throttle keys): itself when it could be a
 * username under the username rule, otherwise a placeholder, so a password typed into the username field is never
 * stored anywhere.
 */
export function recordableUsername(claimed: string): string {
  const name = claimed.trim().toLowerCase();
  return name.length <= MAX_USERNAME_LENGTH && USERNAME_PATTERN.test(name) ? name : NOT_A_USERNAME;
}

/**
 * Remembers which username+address counters have reached the limit, so the users list can say who is locked out
 * and an administrator can lift every lock on a name. Entries are hints: the counter itself decides (a locked pair
 * whose counter was lifted or expired is simply not locked).
 */
export interface LockIndex {
  add(member: string, until: number): Promise<void>;
  /** Members whose time has not passed. */
  list(now: number): Promise<string[]>;
  remove(members: string[]): Promise<void>;
}

/** Where the counters live: this process's memory, or Redis shared by every replica (session/redis-sign-in-counters). */
export interface SignInCounters {
  /** One store per limiter; each store is given to exactly one limiter. */
  store(limiter: 'ip' | 'user' | 'leak-report' | 'oidc'): Store;
  locks: LockIndex;
}

/** The default: counters in memory, per process (reset on restart, not shared by replicas). */
export function memoryCounters(): SignInCounters {
  const locks = new Map<string, number>();
  return {
    store: () => new MemoryStore(),
    locks: {
      add: async (member, until) => {
        locks.set(member, until);
      },
      list: async (now) => {
        const live: string[] = [];
        for (const [member, until] of locks) {
          if (until <= now) locks.delete(member);
          else live.push(member);
        }
        return live;
      },
      remove: async (members) => {
        for (const m of members) locks.delete(m);
      },
    },
  };
}

export interface SignInThrottle extends SignInLockouts {
  /** Route middleware: failures per client address. */
  perIp: RateLimitRequestHandler;
  /** Route middleware: failures per username at one client address (the body's `username`). */
  perUsername: RateLimitRequestHandler;
  /**
   * Counts one failed attempt for `username` from req's address (the per-address and the username+address counters),
   * as a wrong password at POST /api/session does: for a wrong current password, second factor or re-authentication
   * password checked outside the two middlewares. Never answers 429 itself; while Redis is unreachable the count is this
   * process's own (session/redis-sign-in-counters.ts).
   */
  recordFailure(req: Request, username: string): Promise<void>;
  /** 429 (TooManyRequests) when req's address, or `username` at req's address, is out of attempts. */
  check(req: Request, username: string): Promise<void>;
  /**
   * Marks a request behind the middlewares whose refusal is not a guess (the password was right: API tokens turned
   * off, a second factor still due), so it is not counted as a failure.
   */
  notAFailure(req: Request): void;
}

const NOT_A_FAILURE = Symbol('tessera.signInNotAFailure');
type Marked = Request & { [NOT_A_FAILURE]?: true };

/** A username at an address; the address never contains a space, so the name is everything before the last one. */
const pairKey = (username: string, address: string) => `${recordableUsername(username)} ${address}`;
const nameOfPair = (key: string) => key.slice(0, key.lastIndexOf(' '));
const addressOfPair = (key: string) => key.slice(key.lastIndexOf(' ') + 1);

/**
 * Failed sign-ins are counted per client address and per username at an address (OWASP's answer to malicious
 * lockout: guesses from other addresses never lock the owner out); successes do not count. docs/security.md
 * "Sign-in throttling" says why there is no per-username cap across addresses.
 */
export function signInThrottle(
  maxFailures: number,
  windowMinutes: number,
  counters: SignInCounters = memoryCounters(),
): SignInThrottle {
  const windowMs = windowMinutes * 60_000;
  const ipStore = counters.store('ip');
  const { locks } = counters;
  const lockEnd = (c: ClientRateLimitInfo | undefined, now = Date.now()) =>
    c && c.totalHits >= maxFailures && c.resetTime && c.resetTime.getTime() > now ? c.resetTime.getTime() : undefined;
  const userStore = indexing(counters.store('user'), locks, maxFailures);

  const common: Partial<Options> = {
    windowMs,
    limit: maxFailures,
    skipSuccessfulRequests: true,
    // A throttled attempt never reaches the password check, so it is not a failure: counting it would let a burst of
    // concurrent good sign-ins from one address (office NAT) lock that address out for the whole window. Nor is a
    // 503 (something the attempt needed was unavailable) or a refusal the route marked as no guess (notAFailure).
    requestWasSuccessful: (req, res) =>
      res.statusCode < 400 ||
      res.statusCode === 429 ||
      res.statusCode === 503 ||
      (req as Marked)[NOT_A_FAILURE] === true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooManyRequestsHandler('Too many failed sign-in attempts.', windowMs),
  };
  const perIp = rateLimit({ ...common, store: ipStore, keyGenerator: addressKey });
  const perUsername = rateLimit({
    ...common,
    store: userStore,
    keyGenerator: (req) => {
      const u: unknown = (req.body as { username?: unknown } | undefined)?.username;
      return pairKey(typeof u === 'string' ? u : '', addressKey(req));
    },
    validate: { keyGeneratorIpFallback: false },
  });

  /** The live locks on a name (or on every name): pair key → when it ends. */
  async function liveLocks(username?: string): Promise<Map<string, number>> {
    const now = Date.now();
    const members = (await locks.list(now)).filter((m) => username === undefined || nameOfPair(m) === username);
    const found = new Map<string, number>();
    await Promise.all(
      members.map(async (m) => {
        const end = lockEnd(await userStore.get!(m), now);
        if (end !== undefined) found.set(m, end);
      }),
    );
    return found;
  }

  return {
    perIp,
    perUsername,
    async recordFailure(req, username) {
      const address = addressKey(req);
      await Promise.all([ipStore.increment(address), userStore.increment(pairKey(username, address))]);
    },
    async check(req, username) {
      const address = addressKey(req);
      const [ip, pair] = await Promise.all([ipStore.get!(address), userStore.get!(pairKey(username, address))]);
      const end = Math.max(lockEnd(ip) ?? 0, lockEnd(pair) ?? 0);
      if (end > 0)
        throw new TooManyRequests(Math.max(1, Math.ceil((end - Date.now()) / 1000)), 'Too many failed attempts.');
    },
    notAFailure(req) {
      (req as Marked)[NOT_A_FAILURE] = true;
    },
    // Lifting a name's lockout lifts it at every address that locked it, and those addresses' own counters: the
    // administrator means "let this person in", and their address reached both limits with the same failures.
    async reset(username) {
      const members = (await locks.list(Date.now())).filter((m) => nameOfPair(m) === username);
      await Promise.all(
        members
          .flatMap((m) => [userStore.resetKey(m), ipStore.resetKey(addressOfPair(m))])
          .concat(locks.remove(members)),
      );
    },
    async lockedUntil(username) {
      const ends = [...(await liveLocks(username)).values()];
      return ends.length > 0 ? new Date(Math.max(...ends)).toISOString() : null;
    },
    async lockedUsernames() {
      const byName = new Map<string, string>();
      for (const [member, end] of await liveLocks()) {
        const name = nameOfPair(member);
        const until = new Date(end).toISOString();
        if ((byName.get(name) ?? '') < until) byName.set(name, until);
      }
      return byName;
    },
  };
}

/** A store that notes in the lock index every key whose count reaches the limit. */
function indexing(inner: Store, locks: LockIndex, limit: number): Store & Required<Pick<Store, 'get'>> {
  if (!inner.get) throw new Error('the sign-in counters need a store that can read a count (get)');
  return {
    init: (options: Options) => inner.init?.(options),
    get: (key) => inner.get!(key),
    increment: async (key): Promise<IncrementResponse> => {
      const r = await inner.increment(key);
      if (r.totalHits >= limit && r.resetTime) await locks.add(key, r.resetTime.getTime());
      return r;
    },
    decrement: (key) => inner.decrement(key),
    resetKey: (key) => inner.resetKey(key),
    ...(inner.shutdown ? { shutdown: () => inner.shutdown!() } : {}),
    localKeys: inner.localKeys ?? false,
    ...(inner.prefix !== undefined ? { prefix: inner.prefix } : {}),
  };
}
