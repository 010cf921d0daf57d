import type { Request, RequestHandler } from 'express';
import type { SessionCookie } from '../sessions/cookie.js';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { hasTokenHeader } from '../http/credentials.js';
import { AppError, Unauthenticated } from '../http/errors.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { presentUser } from '../users/presenter.js';
import { establishSession } from './establish.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { sessionSchema, signInSchema } from './schema.js';
import type { SignInService } from './sign-in-service.js';

const TAG = 'Session';
const SIGN_IN_FAILED = 'Sign-in failed: the username or password is incorrect.';

export function sessionRoutes(deps: {
  signIn: SignInService;
  throttle: SignInThrottle;
  idleMs: number;
  absoluteMs: number;
  /** The session cookie (`__Host-tessera.sid` over HTTPS). */
  cookie: SessionCookie;
}): AnyRoute[] {
  const { signIn, throttle, idleMs, absoluteMs, cookie } = deps;

  return [
    route({
      method: 'post',
      path: '/api/session',
      tag: TAG,
      summary: 'Sign in (sets the session cookie)',
      auth: 'none',
      request: { body: { schema: signInSchema } },
      responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...problems(400, 401, 403, 429, 503) },
      // A token header is refused before anything else (F-6): no password is checked, so nothing is learnt of it.
      before: [refuseTokenHeader(signIn), throttle.perIp, throttle.perUsername],
      handler: async ({ body: input }, req, res) => {
        const ctx = auditContext(req);
        const user = await signIn.authenticate(ctx, input.username, input.password);
        if (!user) throw new Unauthenticated(SIGN_IN_FAILED, 'FormBased realm="tessera"');
        await establishSession(req, user.id);
        const answer: z.output<typeof sessionSchema> = {
          user: presentUser(await signIn.signedIn(ctx, user)),
          ...expiries(Date.now(), req.session.createdAt ?? Date.now(), idleMs, absoluteMs),
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
        res.clearCookie(cookie.name, cookie.clear);
        res.status(204).end();
      },
    }),
  ];
}

/**
 * Sign-in takes a username and password and starts a browser session: a request carrying a token header is
 * token-authenticated (it has no session to start), so it is refused with 400 `token_not_accepted`, audited.
 */
function refuseTokenHeader(signIn: SignInService): RequestHandler {
  return (req, _res, next) => {
    if (!hasTokenHeader(req)) return next();
    const claimed: unknown = (req.body as { username?: unknown } | undefined)?.username;
    signIn
      .refusedTokenHeader(auditContext(req), claimed)
      .then(() => next(new AppError(400, 'token_not_accepted', 'Invalid request', TOKEN_NOT_ACCEPTED)), next);
  };
}
const TOKEN_NOT_ACCEPTED =
  'Sign-in takes a username and password only: send it without an Authorization or X-Auth-Token header.';

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
