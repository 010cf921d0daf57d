import type { Request, RequestHandler } from 'express';
import type { SignInThrottle } from './sign-in-throttle.js';

/**
 * The sign-in throttle for a password check made inside a session (re-authentication, one's own password change):
 * the same per-address and per-username counts as sign-in, keyed on the session's username (the body names none).
 * On a `stepUp` route, a request that will be answered 401 reauthentication_required is not an attempt: not counted.
 *
 * TODO(H4 merge): when `SignInThrottle.recordFailure(req, username)` exists, count the failure there instead.
 */
export function sessionPasswordThrottle(
  throttle: Pick<SignInThrottle, 'perIp' | 'perUsername'>,
  opts: { routeHasStepUp: boolean },
): RequestHandler[] {
  const notStepUp =
    (limiter: RequestHandler): RequestHandler =>
    (req, res, next) => {
      if (!req.principal || (opts.routeHasStepUp && req.principal.reauthenticationDue)) return next();
      return limiter(req, res, next);
    };
  // The per-username limiter reads `username` from the body: lend it the session's for the key, then give it back.
  const perSessionUser: RequestHandler = (req: Request, res, next) => {
    const body: unknown = req.body;
    req.body = { ...(typeof body === 'object' && body !== null ? body : {}), username: req.principal!.user.username };
    void throttle.perUsername(req, res, (err?: unknown) => {
      req.body = body;
      next(err);
    });
  };
  return [notStepUp(throttle.perIp), notStepUp(perSessionUser)];
}
