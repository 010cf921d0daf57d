import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../errors.js';
import { INVALID_TOKEN_CHALLENGE, tokenCredential, type TokenCredential } from './authorization-header.js';
import { clientAddress } from './client.js';
import { TooManyRequests, Unauthenticated } from './errors.js';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import type { CredentialHeader, Principal } from './principal.js';
import type { UserRepository } from '../store/store.js';
import { newSessionHandle } from '../session/establish.js';
import { ALL_SCOPES } from '../scopes/vocabulary.js';

/** A kind of bearer credential (auth token, OAuth access token, Keystone token, bootstrap token). */
export interface TokenVerifier {
  /** Which kind it verifies: the `kind` label of the verification metrics (metrics/verification.ts). */
  readonly kind?: 'auth_token' | 'oauth_access_token' | 'keystone_token' | 'bootstrap_token';
  /** Offline test of whether the string has this verifier's format; no I/O. */
  accepts(raw: string): boolean;
  /**
   * The principal, or undefined for an unknown, expired or refused credential. `ip` is the client's address
   * (clientAddress(req), computed once per request by the caller). A verifier that can answer without I/O answers
   * synchronously (ADR 0004 §3); the others return a promise.
   */
  verify(raw: string, req: Request, ip: string | null): Principal | undefined | Promise<Principal | undefined>;
}

/** Told of every settled token verification: its verifier, principal, header, status (200 or the refusal's) and start. */
export interface VerificationRecorder {
  record(
    verifier: TokenVerifier | undefined,
    principal: Principal | undefined,
    via: CredentialHeader | undefined,
    status: number,
    startedMs: number,
  ): void;
}

/** The status a refusal is answered with: a domain error's own, anything else a 5xx. */
const statusOf = (err: unknown) => (err instanceof DomainError ? err.status : 500);

/** Whether the request carries a token header: it is then token-authenticated, never by its cookie. */
export function hasTokenHeader(req: Request): boolean {
  const h = req.headers;
  return h.authorization !== undefined || h['x-auth-token'] !== undefined;
}
const LAST_SEEN_EVERY_MS = 60_000;
// The common refusal is raised for every unknown token: one shared instance, no stack captured per request.
const REFUSED = new Unauthenticated('The credential is invalid, expired or revoked.', INVALID_TOKEN_CHALLENGE);
const tooMany = (seconds: number) =>
  new TooManyRequests(seconds, 'Too many failed token verifications from this address.');

/**
 * One credentials middleware for every API route: a token header (Bearer, X-Auth-Token, Basic username:token)
 * is verified without touching the session layer; otherwise the session cookie is read.
 */
export function credentials(opts: {
  verifiers: TokenVerifier[];
  session: RequestHandler;
  /** Reads the session's user on every cookie-authenticated request. */
  users: Pick<UserRepository, 'get'>;
  absoluteTimeoutMs: number;
  /** A session authenticated longer ago than this must re-authenticate before a `stepUp` route (0: never). */
  reauthAfterMs?: number;
  /** Answers 429 instead of 401 to an IP past its budget of verification failures. */
  failureThrottle?: TokenFailureThrottle;
  /** Checked once a session is read, before anything else runs: a refusal for a session that may not go on. */
  sessionGate?: (req: Request) => Error | undefined;
  /** A session store failure after the answer began (saving, touching or destroying the session): logged, no more. */
  onLateSessionError?: (err: unknown, req: Request) => void;
  /** Where a refusal goes; next(err) by default. The API's entry layer answers it on the spot. */
  refuse?: (err: unknown, req: Request, res: Response, next: NextFunction) => void;
  /** Told of each token verification's latency and outcome (the metrics); nothing is measured without it. */
  verifications?: VerificationRecorder | undefined;
}): RequestHandler {
  const { verifiers, session, users, absoluteTimeoutMs, failureThrottle, sessionGate, verifications } = opts;
  const reauthAfterMs = opts.reauthAfterMs ?? 0;
  const refuse = opts.refuse ?? ((err: unknown, _req: Request, _res: Response, next: NextFunction) => next(err));

  /**
   * Puts the principal on the request, or answers the refusal: returned, not thrown, as a spray of unknown tokens is
   * nothing but refusals (docs/decisions/0004-performance-deviations.md §4).
   */
  function settle(req: Request, principal: Principal | undefined, token: TokenCredential): Unauthenticated | undefined {
    if (!principal) return REFUSED;
    if (token.basicUser !== undefined && token.basicUser.toLowerCase() !== principal.user.username) return REFUSED;
    principal.via = token.via;
    req.principal = principal;
    return undefined;
  }

  /** The verifier for the credential's format (a loop, not find(): no closure made per request). */
  function verifierFor(raw: string): TokenVerifier | undefined {
    for (const v of verifiers) if (v.accepts(raw)) return v;
    return undefined;
  }

  /**
   * A refused token request: counted against its address when the credential was wrong, then answered — 429 once the
   * address is past its budget. Only failures are counted or refused: a valid token is answered whatever its address
   * did (behind a load balancer that hides client addresses, every program shares one). The metrics get the status
   * actually answered. `ip` null: already counted (the throttle answered later), answer as is.
   */
  function failed(
    err: unknown,
    ip: string | null,
    req: Request,
    res: Response,
    next: NextFunction,
    verifier: TokenVerifier | undefined,
    via: CredentialHeader | undefined,
    started: number,
  ): void {
    if (ip !== null && err instanceof Unauthenticated && failureThrottle) {
      const wait = failureThrottle.recordFailure(ip);
      if (typeof wait !== 'number') {
        void wait.then((w) => failed(w > 0 ? tooMany(w) : err, null, req, res, next, verifier, via, started));
        return;
      }
      if (wait > 0) err = tooMany(wait);
    }
    verifications?.record(verifier, undefined, via, statusOf(err), started);
    refuse(err, req, res, next);
  }

  async function fromSession(req: Request): Promise<void> {
    const s = req.session;
    if (!s?.userId) return;
    if (!s.createdAt || Date.now() - s.createdAt > absoluteTimeoutMs) {
      await new Promise<void>((resolve) => s.destroy(() => resolve()));
      return;
    }
    const user = await users.get(s.userId);
    if (!user || user.disabled) {
      await new Promise<void>((resolve) => s.destroy(() => resolve()));
      return;
    }
    // A session from before step-up existed counts from its sign-in.
    const authenticatedAt = s.authenticatedAt ?? s.createdAt;
    // The sessions list's "last active": a changed session is written back, so at most once a minute, not per request.
    const now = Date.now();
    if (!s.lastSeenAt || now - s.lastSeenAt >= LAST_SEEN_EVERY_MS) s.lastSeenAt = now;
    // A session from before the sessions list existed gets its name in the list now, saved at once so that this very
    // request's listing shows it (once per such session).
    if (!s.handle) {
      s.handle = newSessionHandle();
      await new Promise<void>((resolve, reject) => s.save((e) => (e ? reject(e) : resolve())));
    }
    req.principal = {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      authenticatedBy: 'session',
      via: 'cookie',
      scopes: ALL_SCOPES,
      fullAccess: true,
      reauthenticationDue: reauthAfterMs > 0 && now - authenticatedAt > reauthAfterMs,
    };
  }

  return (req: Request, res: Response, next: NextFunction) => {
    if (hasTokenHeader(req)) {
      // Metrics: a clock read here and one when settled, nothing allocated (metrics/verification.ts).
      const started = verifications ? performance.now() : 0;
      const ip = clientAddress(req) ?? '';
      let token: TokenCredential | undefined;
      let verifier: TokenVerifier | undefined;
      let verified: ReturnType<TokenVerifier['verify']>;
      try {
        token = tokenCredential(req.headers);
        const raw = token.raw;
        verifier = verifierFor(raw);
        verified = verifier?.verify(raw, req, ip || null);
      } catch (err) {
        return failed(err, ip, req, res, next, verifier, token?.via, started);
      }
      const credential = token;
      if (!(verified instanceof Promise)) {
        const refused = settle(req, verified, credential);
        if (refused) return failed(refused, ip, req, res, next, verifier, credential.via, started);
        verifications?.record(verifier, verified, credential.via, 200, started);
        return next();
      }
      verified.then(
        (principal) => {
          const refused = settle(req, principal, credential);
          if (refused) return failed(refused, ip, req, res, next, verifier, credential.via, started);
          verifications?.record(verifier, principal, credential.via, 200, started);
          next();
        },
        (err: unknown) => failed(err, ip, req, res, next, verifier, credential.via, started),
      );
      return;
    }
    let read = false;
    session(req, res, (err?: unknown) => {
      // express-session calls back again when its save, touch or destroy at the answer's end fails: the answer has
      // begun by then, and passing that on made Express reset the connection (and with it the client's next request).
      if (read) return opts.onLateSessionError?.(err, req);
      read = true;
      if (err) {
        // A session that could not be read is not destroyed at the end (`unset: 'destroy'` would try, and wait again).
        delete (req as { sessionID?: string }).sessionID;
        return refuse(err, req, res, next);
      }
      fromSession(req).then(
        () => {
          const refusal = sessionGate?.(req);
          return refusal ? refuse(refusal, req, res, next) : next();
        },
        (e: unknown) => refuse(e, req, res, next),
      );
    });
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  next(req.principal ? undefined : new Unauthenticated());
};
