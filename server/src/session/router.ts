import { Router, type Request, type RequestHandler } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { z } from 'zod';
import type { AuditService } from '../audit/service.js';
import { TooManyRequests, Unauthenticated } from '../http/errors.js';
import { parse } from '../http/validate.js';
import { verifyPassword } from '../lib/passwords.js';
import type { Store } from '../store/store.js';
import { presentUser } from '../users/presenter.js';

const signInSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(256),
});

const SIGN_IN_FAILED = 'Sign-in failed: the username or password is incorrect.';

export interface SignInThrottle {
  perIp: RateLimitRequestHandler;
  perUsername: RateLimitRequestHandler;
  /** Lifts a username's temporary lockout (an administrator's action). */
  reset(username: string): Promise<void>;
}

/** Failed sign-ins are counted per IP and per username; successes do not count. */
export function signInThrottle(maxFailures: number, windowMinutes: number): SignInThrottle {
  const common = {
    windowMs: windowMinutes * 60_000,
    limit: maxFailures,
    skipSuccessfulRequests: true,
    // A throttled attempt never reaches the password check, so it is not a failure: counting it would let a burst of
    // concurrent good sign-ins from one address (office NAT) lock that address out for the whole window.
    requestWasSuccessful: (_req: Request, res: { statusCode: number }) =>
      res.statusCode < 400 || res.statusCode === 429,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: ((req, _res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : windowMinutes * 60;
      next(new TooManyRequests(seconds, 'Too many failed sign-in attempts. Try again later.'));
    }) as RequestHandler,
  };
  const usernameKey = (req: Request) => {
    const u: unknown = (req.body as { username?: unknown } | undefined)?.username;
    return 'user:' + (typeof u === 'string' ? u.trim().toLowerCase().slice(0, 64) : '');
  };
  const perIp = rateLimit({ ...common });
  const perUsername = rateLimit({ ...common, keyGenerator: usernameKey, validate: { keyGeneratorIpFallback: false } });
  return { perIp, perUsername, reset: async (username) => perUsername.resetKey('user:' + username) };
}

export function sessionRouter(deps: {
  store: Store;
  audit: AuditService;
  throttle: SignInThrottle;
  idleMs: number;
  absoluteMs: number;
}): Router {
  const { store, audit, throttle, idleMs, absoluteMs } = deps;
  const r = Router();

  r.post('/', throttle.perIp, throttle.perUsername, async (req, res) => {
    const input = parse(signInSchema, req.body);
    const user = await store.getUserWithSecretByUsername(input.username);
    const ok = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !ok || user.disabled) {
      await audit.record(req, {
        action: 'session.sign_in',
        outcome: 'failure',
        targetUserId: user?.id ?? null,
        actor: { id: null, username: input.username },
        details: { reason: !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled' },
      });
      throw new Unauthenticated(SIGN_IN_FAILED, 'FormBased realm="tessera"');
    }
    // A fresh session id on every sign-in defeats session fixation.
    await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
    req.session.userId = user.id;
    req.session.createdAt = Date.now();
    await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
    await audit.record(req, {
      action: 'session.sign_in',
      targetUserId: user.id,
      actor: { id: user.id, username: user.username },
    });
    const { passwordHash: _omit, ...publicUser } = user;
    res.json({ user: presentUser(publicUser), ...expiries(Date.now(), req.session.createdAt, idleMs, absoluteMs) });
  });

  r.get('/', async (req, res) => {
    const session = await currentSession(store, req, idleMs, absoluteMs);
    if (!session) throw new Unauthenticated('You are not signed in.', 'FormBased realm="tessera"');
    res.json(session);
  });

  r.delete('/', async (req, res) => {
    if (req.principal?.authenticatedBy === 'session') {
      await audit.record(req, { action: 'session.sign_out', targetUserId: req.principal.user.id });
      await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    }
    res.clearCookie('tessera.sid', { path: '/' });
    res.status(204).end();
  });

  return r;
}

/** GET /api/session's answer, also inlined into the console's page (http/console.ts); null without a session. */
export async function currentSession(store: Store, req: Request, idleMs: number, absoluteMs: number) {
  if (!req.principal || req.principal.authenticatedBy !== 'session') return null;
  const user = await store.getUser(req.principal.user.id);
  if (!user) return null;
  return {
    user: presentUser(user),
    ...expiries(Date.now(), req.session.createdAt ?? Date.now(), idleMs, absoluteMs),
  };
}

function expiries(now: number, createdAt: number, idleMs: number, absoluteMs: number) {
  const absolute = createdAt + absoluteMs;
  return {
    idleExpiresAt: new Date(Math.min(now + idleMs, absolute)).toISOString(),
    absoluteExpiresAt: new Date(absolute).toISOString(),
  };
}
