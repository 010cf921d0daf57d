import type { Request, RequestHandler } from 'express';
import { MemoryStore, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { TooManyRequests } from '../http/errors.js';
import type { SignInLockouts } from '../users/service.js';

export interface SignInThrottle extends SignInLockouts {
  perIp: RateLimitRequestHandler;
  perUsername: RateLimitRequestHandler;
  /** The answer about to be sent is a refusal that is no guess (a right password whose second factor is due). */
  notAFailure(req: Request): void;
}

// H3, until H4's throttle is merged (which has the same notAFailure): take H4's version of this file at the merge.
const NOT_A_FAILURE = Symbol('tessera.signInNotAFailure');
type Marked = Request & { [NOT_A_FAILURE]?: true };

/** Failed sign-ins are counted per IP and per username; successes do not count. */
export function signInThrottle(maxFailures: number, windowMinutes: number): SignInThrottle {
  const common = {
    windowMs: windowMinutes * 60_000,
    limit: maxFailures,
    skipSuccessfulRequests: true,
    // A throttled attempt never reaches the password check, so it is not a failure: counting it would let a burst of
    // concurrent good sign-ins from one address (office NAT) lock that address out for the whole window.
    requestWasSuccessful: (req: Request, res: { statusCode: number }) =>
      res.statusCode < 400 || res.statusCode === 429 || (req as Marked)[NOT_A_FAILURE] === true,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: ((req, _res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : windowMinutes * 60;
      next(new TooManyRequests(seconds, 'Too many failed sign-in attempts.'));
    }) as RequestHandler,
  };
  const usernameKey = (req: Request) => {
    const u: unknown = (req.body as { username?: unknown } | undefined)?.username;
    return 'user:' + (typeof u === 'string' ? u.trim().toLowerCase().slice(0, 64) : '');
  };
  const perIp = rateLimit({ ...common });
  // Our own store, so the lockouts can be read: the next attempt is refused once a name has maxFailures in its window.
  const usernames = new MemoryStore();
  const perUsername = rateLimit({
    ...common,
    store: usernames,
    keyGenerator: usernameKey,
    validate: { keyGeneratorIpFallback: false },
  });
  const lockEnd = (c: { totalHits: number; resetTime?: Date | undefined } | undefined) =>
    c && c.totalHits >= maxFailures && c.resetTime && c.resetTime.getTime() > Date.now() ? c.resetTime : undefined;
  return {
    perIp,
    perUsername,
    notAFailure: (req) => {
      (req as Marked)[NOT_A_FAILURE] = true;
    },
    reset: async (username) => perUsername.resetKey('user:' + username),
    lockedUntil: async (username) => lockEnd(await usernames.get('user:' + username))?.toISOString() ?? null,
    lockedUsernames: () => {
      const names = new Set<string>();
      for (const clients of [usernames.current, usernames.previous])
        for (const [key, c] of clients) if (lockEnd(c)) names.add(key.slice('user:'.length));
      return [...names];
    },
  };
}
