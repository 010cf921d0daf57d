import type { Request, RequestHandler } from 'express';
import { hasTokenHeader } from './credentials.js';
import { Forbidden } from './errors.js';
import type { PublicOrigin } from './public-origin.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request is one the check is for: a state change that could ride on the session cookie. */
export function needsOriginCheck(req: Request): boolean {
  return !(SAFE.has(req.method) || hasTokenHeader(req));
}

/**
 * Cross-site request protection for cookie-authenticated state changes: Fetch Metadata first, then Origin.
 * Requests carrying a token header are not cookie-authenticated and pass (a browser never adds those cross-site).
 */
export function originCheck(ownOrigin: PublicOrigin): RequestHandler {
  return (req, _res, next) => {
    if (!needsOriginCheck(req)) return next();
    const site = req.get('sec-fetch-site');
    if (site === 'same-origin' || site === 'none') return next();
    if (site === undefined) {
      const origin = req.get('origin');
      if (origin !== undefined && origin === ownOrigin(req)) return next();
    }
    next(
      new Forbidden(
        'Cross-site request refused: state-changing requests must come from the console itself.',
        'cross_site_request',
      ),
    );
  };
}
