import type { Request, RequestHandler } from 'express';
import { MemoryStore, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { TooManyRequests, Unauthenticated } from '../http/errors.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { presentUser } from '../users/presenter.js';
import type { SignInLockouts } from '../users/service.js';
import { sessionSchema, signInSchema } from './schema.js';
import type { SignInService } from './sign-in-service.js';

const TAG = 'Session';
const SIGN_IN_FAILED = 'Sign-in failed: the username or password is incorrect.';

export interface SignInThrottle extends SignInLockouts {
  perIp: RateLimitRequestHandler;
  perUsername: RateLimitRequestHandler;
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

export function sessionRoutes(deps: {
  signIn: SignInService;
  throttle: SignInThrottle;
  idleMs: number;
  absoluteMs: number;
}): AnyRoute[] {
  const { signIn, throttle, idleMs, absoluteMs } = deps;

  return [
    route({
      method: 'post',
      path: '/api/session',
      tag: TAG,
      summary: 'Sign in (sets the session cookie)',
      auth: 'none',
      request: { body: { schema: signInSchema } },
      responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...problems(400, 401, 403, 429) },
      before: [throttle.perIp, throttle.perUsername],
      handler: async ({ body: input }, req, res) => {
        const ctx = auditContext(req);
        const user = await signIn.authenticate(ctx, input.username, input.password);
        if (!user) throw new Unauthenticated(SIGN_IN_FAILED, 'FormBased realm="tessera"');
        // A fresh session id on every sign-in defeats session fixation.
        await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
        req.session.userId = user.id;
        req.session.createdAt = Date.now();
        await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
        const answer: z.output<typeof sessionSchema> = {
          user: presentUser(await signIn.signedIn(ctx, user)),
          ...expiries(Date.now(), req.session.createdAt, idleMs, absoluteMs),
        };
        res.json(answer);
      },
    }),

    route({
      method: 'get',
      path: '/api/session',
      tag: TAG,
      summary: 'The current browser session',
      auth: 'session',
      responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...problems(401) },
      handler: async (_input, req, res) => {
        const session = await currentSession(signIn, req, idleMs, absoluteMs);
        if (!session) throw new Unauthenticated('You are not signed in.', 'FormBased realm="tessera"');
        res.json(session);
      },
    }),

    route({
      method: 'delete',
      path: '/api/session',
      tag: TAG,
      summary: 'Sign out',
      auth: 'optional',
      responses: { 204: { description: 'Signed out' }, ...problems(403) },
      handler: async (_input, req, res) => {
        if (req.principal?.authenticatedBy === 'session') {
          await signIn.signedOut(auditContext(req), req.principal.user.id);
          await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
        }
        res.clearCookie('tessera.sid', { path: '/' });
        res.status(204).end();
      },
    }),
  ];
}

/** GET /api/session's answer, also inlined into the console's page (http/console.ts); null without a session. */
export async function currentSession(
  signIn: Pick<SignInService, 'currentUser'>,
  req: Request,
  idleMs: number,
  absoluteMs: number,
): Promise<z.output<typeof sessionSchema> | null> {
  if (!req.principal || req.principal.authenticatedBy !== 'session') return null;
  const user = await signIn.currentUser(req.principal.user.id);
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
