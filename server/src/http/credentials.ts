import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TooManyRequests, Unauthenticated } from './errors.js';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import type { Principal } from './principal.js';
import type { Store } from '../store/store.js';

/** A kind of bearer credential (auth token, OAuth access token, Keystone token, bootstrap token). */
export interface TokenVerifier {
  /** Offline test of whether the string has this verifier's format; no I/O. */
  accepts(raw: string): boolean;
  /**
   * The principal, or undefined for an unknown, expired or refused credential. `ip` is the client's address
   * (req.ip, computed once per request by the caller). A verifier that can answer without I/O answers
   * synchronously; the others return a promise.
   */
  verify(raw: string, req: Request, ip: string | null): Principal | undefined | Promise<Principal | undefined>;
}

const INVALID = 'Bearer realm="tessera", error="invalid_token"';

/** Whether the request carries a token header: it is then token-authenticated, never by its cookie. */
export function hasTokenHeader(req: Request): boolean {
  const h = req.headers;
  return h.authorization !== undefined || h['x-auth-token'] !== undefined;
}
// The common refusal is raised for every unknown token: one shared instance, no stack captured per request.
const REFUSED = new Unauthenticated('The credential is invalid, expired or revoked.', INVALID);

function parseBasic(value: string): { username: string; secret: string } | undefined {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * One credentials middleware for every API route: a token header (Bearer, X-Auth-Token, Basic username:token)
 * is verified without touching the session layer; otherwise the session cookie is read.
 */
export function credentials(opts: {
  verifiers: TokenVerifier[];
  session: RequestHandler;
  store: Store;
  absoluteTimeoutMs: number;
  /** Refuses token-authenticated requests from an IP with too many recent verification failures. */
  failureThrottle?: TokenFailureThrottle;
}): RequestHandler {
  const { verifiers, session, store, absoluteTimeoutMs, failureThrottle } = opts;

  /** The raw credential and the header it came in, or throws for a malformed or ambiguous one. */
  function tokenFrom(req: Request): { raw: string; via: Principal['via']; basicUser?: string } {
    const authorization = req.headers.authorization;
    const xAuth = req.headers['x-auth-token'];
    if (Array.isArray(xAuth)) throw new Unauthenticated('Send one credential.', INVALID);
    let raw: string | undefined;
    let via: Principal['via'] = 'bearer';
    let basicUser: string | undefined;
    if (authorization !== undefined) {
      const space = authorization.indexOf(' ');
      const scheme = (space === -1 ? authorization : authorization.slice(0, space)).toLowerCase();
      const value = space === -1 ? '' : authorization.slice(space + 1).trim();
      if (scheme === 'bearer') raw = value;
      else if (scheme === 'basic') {
        const basic = parseBasic(value);
        if (!basic) throw new Unauthenticated('Malformed Basic credentials.', INVALID);
        raw = basic.secret;
        basicUser = basic.username;
        via = 'basic';
      } else throw new Unauthenticated('Unsupported authorization scheme.', INVALID);
      if (xAuth !== undefined && xAuth !== raw) throw new Unauthenticated('Send one credential.', INVALID);
    } else {
      raw = xAuth;
      via = 'x-auth-token';
    }
    if (!raw) throw new Unauthenticated('The credential is empty.', INVALID);
    return { raw, via, basicUser };
  }

  function settle(
    req: Request,
    principal: Principal | undefined,
    token: { via: Principal['via']; basicUser?: string },
  ): void {
    if (!principal) throw REFUSED;
    if (token.basicUser !== undefined && token.basicUser.toLowerCase() !== principal.user.username) throw REFUSED;
    principal.via = token.via;
    req.principal = principal;
  }

  async function fromSession(req: Request): Promise<void> {
    const s = req.session;
    if (!s?.userId) return;
    if (!s.createdAt || Date.now() - s.createdAt > absoluteTimeoutMs) {
      await new Promise<void>((resolve) => s.destroy(() => resolve()));
      return;
    }
    const user = await store.getUser(s.userId);
    if (!user || user.disabled) {
      await new Promise<void>((resolve) => s.destroy(() => resolve()));
      return;
    }
    req.principal = {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      authenticatedBy: 'session',
      via: 'cookie',
    };
  }

  return (req: Request, res: Response, next: NextFunction) => {
    if (hasTokenHeader(req)) {
      const ip = req.ip ?? '';
      const wait = failureThrottle?.blockedFor(ip) ?? 0;
      if (wait > 0) return next(new TooManyRequests(wait, 'Too many failed token verifications from this address.'));
      const failed = (err: unknown) => {
        if (err instanceof Unauthenticated) failureThrottle?.recordFailure(ip);
        next(err);
      };
      let token: ReturnType<typeof tokenFrom>;
      let verified: ReturnType<TokenVerifier['verify']>;
      try {
        token = tokenFrom(req);
        const raw = token.raw;
        const verifier = verifiers.find((v) => v.accepts(raw));
        verified = verifier?.verify(raw, req, ip || null);
        if (!(verified instanceof Promise)) settle(req, verified, token);
      } catch (err) {
        return failed(err);
      }
      if (!(verified instanceof Promise)) return next();
      verified.then((principal) => {
        try {
          settle(req, principal, token);
        } catch (err) {
          return failed(err);
        }
        next();
      }, failed);
      return;
    }
    session(req, res, (err?: unknown) => {
      if (err) return next(err);
      fromSession(req).then(() => next(), next);
    });
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  next(req.principal ? undefined : new Unauthenticated());
};
