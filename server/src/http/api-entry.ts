import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type session from 'express-session';
import type { Logger } from 'pino';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import type { UserRepository } from '../store/store.js';
import type { accessLog } from './access-log.js';
import { credentials, type TokenVerifier, type VerificationRecorder } from './credentials.js';
import { MfaEnrolmentRequired } from '../mfa/errors.js';
import { allowedDuringEnrolment, mustEnrolFirst } from '../mfa/enrolment-gate.js';
import { errorHandler } from './errors.js';
import { needsOriginCheck, originCheck } from './origin-check.js';
import type { PublicOrigin } from './public-origin.js';
import { setApiHeaders } from './security-headers.js';

/** Where the GoodData API token paths live under /api, matched without regard to case as Express matches them. */
const GOODDATA_PREFIX = /^\/api(?:\/v1)?\/entities\//i;

/** Open to anyone: no credential is read and no body parsed for these. */
const PUBLIC_PATHS = new Set(['/api/health', '/api/ready', '/api/features', '/api/openapi.json']);

/** /api and below, matched without regard to case as Express matches routes (so /API/… is not a way around). */
function isApiPath(path: string): boolean {
  const head = path.startsWith('/api') ? '/api' : path.slice(0, 4).toLowerCase();
  return head === '/api' && (path.length === 4 || path[4] === '/');
}

export interface ApiEntryDeps {
  logger: Logger;
  logRequest: ReturnType<typeof accessLog>;
  verifiers: TokenVerifier[];
  session: RequestHandler | ReturnType<typeof session>;
  users: Pick<UserRepository, 'get'>;
  absoluteTimeoutMs: number;
  reauthAfterMs?: number;
  failureThrottle: TokenFailureThrottle;
  /** The console's own origin, which the cross-site check compares `Origin` with. */
  origin: PublicOrigin;
  /** Told of each token verification's latency and outcome (the metrics). */
  verifications?: VerificationRecorder;
}

const LARGE_BODY_PATH = '/api/auth-tokens/revocations';
/**
 * The public leak report (issue 20): no credential is read and no cross-site check made — it acts on no one's session,
 * and whoever can send a token can revoke it anyway. Its body may list 1,000 strings of up to 200 characters.
 */
const LEAK_REPORT_PATH = '/api/credentials/revoke';

/**
 * The one front layer: access log, API headers, body, credentials, cross-site check
 * (docs/decisions/0004-performance-deviations.md §4 "one API entry layer").
 */
export function apiEntry(deps: ApiEntryDeps): {
  entry: RequestHandler;
  /** The credentials step alone, for surfaces outside /api that answer refusals in their own format (Keystone). */
  authenticate: RequestHandler;
  /** The app's last error handler (problem+json). */
  answerError: ReturnType<typeof errorHandler>;
} {
  const { logRequest } = deps;
  // Refusals are answered on the spot (§4); GoodData's paths answer in their own error format, further on.
  const answerError = errorHandler(deps.logger);
  const refuse = (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (GOODDATA_PREFIX.test(req.path)) return next(err);
    answerError(err, req, res, next);
  };
  const jsonBody = express.json({
    limit: '64kb',
    strict: true,
    type: ['application/json', 'application/*+json'],
  }) as RequestHandler;
  // A bulk revocation may list up to 100,000 token ids (issue 19): about 4 MB, on that one path only.
  const largeJsonBody = express.json({
    limit: '5mb',
    strict: true,
    type: ['application/json', 'application/*+json'],
  }) as RequestHandler;
  const reportBody = express.json({
    limit: '256kb',
    strict: true,
    type: ['application/json', 'application/*+json'],
  }) as RequestHandler;
  const credentialOptions = {
    verifiers: deps.verifiers,
    session: deps.session as RequestHandler,
    users: deps.users,
    absoluteTimeoutMs: deps.absoluteTimeoutMs,
    reauthAfterMs: deps.reauthAfterMs,
    failureThrottle: deps.failureThrottle,
    onLateSessionError: (err: unknown, req: Request) =>
      deps.logger.warn(
        { err: { message: (err as Error | undefined)?.message }, reqId: req.id },
        'the session could not be saved after the answer was sent',
      ),
    verifications: deps.verifications,
  };
  const authenticate = credentials(credentialOptions);
  // TESSERA_REQUIRE_MFA: a session that must enrol first reaches only sign-in, whoami and the enrolment routes. Checked
  // where the session is read, so token requests never pay for it; console pages (`authenticate`) are not gated.
  const enrolmentGate = (req: Request) =>
    mustEnrolFirst(req) && !allowedDuringEnrolment(req) ? new MfaEnrolmentRequired() : undefined;
  const authenticateApi = credentials({ ...credentialOptions, refuse, sessionGate: enrolmentGate });
  const crossSite = originCheck(deps.origin);

  // One layer instead of five, routes mounted with full paths (§4).
  const entry: RequestHandler = (req, res, next) => {
    logRequest(req, res);
    const path = req.path;
    if (!isApiPath(path)) return next();
    setApiHeaders(req, res);
    if (PUBLIC_PATHS.has(path)) return next();
    if (path === LEAK_REPORT_PATH)
      return reportBody(req, res, (err?: unknown) => (err ? refuse(err, req, res, next) : next()));
    // Body parsing only for a request that has a body (type-is's test), as body-parser itself would decide.
    const h = req.headers;
    const hasBody =
      h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '');
    // The cross-site check only for what it is for: the common API call is one step, with no closure made (§4).
    const authenticated = needsOriginCheck(req)
      ? (err?: unknown) =>
          err
            ? refuse(err, req, res, next)
            : crossSite(req, res, (e?: unknown) => (e ? refuse(e, req, res, next) : next()))
      : next;
    if (!hasBody) return authenticateApi(req, res, authenticated);
    (path === LARGE_BODY_PATH ? largeJsonBody : jsonBody)(req, res, (err?: unknown) =>
      err ? refuse(err, req, res, next) : authenticateApi(req, res, authenticated),
    );
  };
  return { entry, authenticate, answerError };
}
