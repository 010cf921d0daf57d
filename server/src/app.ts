import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import type { Logger } from 'pino';
import { activityRouters } from './audit/router.js';
import { AuditService } from './audit/service.js';
import { LastUseRecorder } from './auth-tokens/last-use.js';
import { authTokensRouter } from './auth-tokens/router.js';
import { AuthTokenService } from './auth-tokens/service.js';
import { authTokenVerifier } from './auth-tokens/verifier.js';
import { features, type Config } from './config.js';
import { accessLog } from './http/access-log.js';
import { consoleBootstrap, consoleRouter } from './http/console.js';
import { credentials, requireAuth, type TokenVerifier } from './http/credentials.js';
import { errorHandler, notFoundHandler, Unauthenticated } from './http/errors.js';
import { useDirectJson } from './http/json-response.js';
import { needsOriginCheck, originCheck } from './http/origin-check.js';
import type { Principal } from './http/principal.js';
import { apiHeaders, setApiHeaders } from './http/security-headers.js';
import { DatabaseSessionStore } from './http/session-store.js';
import { OAUTH2_FEATURE, oauth2Feature } from './oauth2/feature.js';
import { TokenFailureThrottle } from './security/token-failure-throttle.js';
import { currentSession, sessionRouter, signInThrottle } from './session/router.js';
import type { Store } from './store/store.js';
import { UserService } from './users/service.js';
import { bootstrapTokenVerifier } from './gooddata/bootstrap-verifier.js';
import { gooddataRoutes } from './gooddata/openapi.js';
import { GOODDATA_API_TOKEN_PATHS, gooddataApiTokensRouter, gooddataErrors } from './gooddata/router.js';
import { keystoneRoutes } from './keystone/openapi.js';
import { keystoneRouter } from './keystone/router.js';
import { KeystoneService } from './keystone/service.js';
import { keystoneVerifier } from './keystone/verifier.js';
import { nativeRoutes } from './openapi/native-routes.js';
import { oauth2Routes } from './openapi/oauth2-routes.js';
import { RouteRegistry } from './openapi/registry.js';
import { openApiHandler } from './openapi/router.js';
import { usersRouter } from './users/router.js';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  sessionSecret: string;
  /** Where browser sessions live; the database by default, Redis when configured. */
  sessionStore?: session.Store;
  /** The built console; omitted in API-only tests. */
  webDist?: string;
  /** Extra readiness checks (e.g. Redis) for /api/ready. */
  readinessChecks?: (() => Promise<void>)[];
}

export interface Tessera {
  app: express.Express;
  services: { users: UserService; authTokens: AuthTokenService; audit: AuditService };
  lastUse: LastUseRecorder;
  tokenFailures: TokenFailureThrottle;
  /** Every route the app serves, as documented at /api/openapi.json. */
  routes: RouteRegistry;
  /** Stops timers and flushes what is held in memory; the caller closes the store. */
  shutdown(): Promise<void>;
}

/** Where GOODDATA_API_TOKEN_PATHS live under /api, matched without regard to case as Express matches them. */
const GOODDATA_PREFIX = /^\/api(?:\/v1)?\/entities\//i;

/** /api and below, matched without regard to case as Express matches routes (so /API/… is not a way around). */
function isApiPath(path: string): boolean {
  const head = path.startsWith('/api') ? '/api' : path.slice(0, 4).toLowerCase();
  return head === '/api' && (path.length === 4 || path[4] === '/');
}

/** Builds the whole app from its dependencies; no I/O happens here or at import time. */
export function createApp(deps: AppDeps): Tessera {
  const { config, store, logger } = deps;
  const idleMs = config.session.idleMinutes * 60_000;
  const absoluteMs = config.session.absoluteHours * 3_600_000;

  const audit = new AuditService(store, logger);
  audit.start(config.lastUsedFlushMs);
  const users = new UserService(store, logger);
  const lastUse = new LastUseRecorder(store, logger, config.lastUsedFlushMs);
  lastUse.start();
  const authTokens = new AuthTokenService(store, config, lastUse);
  const throttle = signInThrottle(config.signIn.maxFailures, config.signIn.windowMinutes);
  const verifiers: TokenVerifier[] = [authTokenVerifier(store, lastUse, audit)];
  const tokenFailures = new TokenFailureThrottle(config.tokenFailuresPerMinute);
  tokenFailures.start();
  // A realm without the feature mounts none of its routes, so they answer 404 like any unknown path.
  const oauth2 = config.disabledFeatures.includes(OAUTH2_FEATURE)
    ? undefined
    : oauth2Feature({ config, store, logger, audit, sessionSecret: deps.sessionSecret, verifiers, tokenFailures });
  if (oauth2) verifiers.push(oauth2.verifier);
  const activity = activityRouters(audit, store);
  const keystone = new KeystoneService(store, config, audit);
  const gooddataEnabled = !config.disabledFeatures.includes('gooddata-api-tokens');
  const keystoneEnabled = !config.disabledFeatures.includes('keystone');
  if (keystoneEnabled) verifiers.push(keystoneVerifier(keystone));
  // Last: it recognises a credential by length alone, so the prefixed kinds are tried first.
  if (config.bootstrapToken) verifiers.push(bootstrapTokenVerifier(store, config.bootstrapToken));
  const routes = new RouteRegistry().add(...nativeRoutes);
  if (gooddataEnabled) routes.add(...gooddataRoutes);
  if (keystoneEnabled) routes.add(...keystoneRoutes);
  if (oauth2) routes.add(...oauth2Routes);

  const sessionMiddleware = session({
    name: 'tessera.sid',
    secret: deps.sessionSecret,
    store: deps.sessionStore ?? new DatabaseSessionStore(store, idleMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.secureCookies ?? 'auto',
      maxAge: idleMs,
      path: '/',
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  useDirectJson(app);
  const logRequest = accessLog(app, logger, config.accessLog.mode, config.accessLog.sampleRate);
  // What the entry layer refuses (a bad credential, body or cross-site request) is answered on the spot, not after
  // a walk past every route layer to the final handler (each layer passed costs an error a path match, and a spray
  // of bad tokens is nothing but errors), and without an error layer that every successful request would walk
  // through. GoodData's paths answer in their own error format, further on.
  const answerError = errorHandler(logger);
  const refuse = (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (GOODDATA_PREFIX.test(req.path)) return next(err);
    answerError(err, req, res, next);
  };

  const jsonBody = express.json({
    limit: '64kb',
    strict: true,
    type: ['application/json', 'application/*+json'],
  }) as RequestHandler;
  const credentialOptions = {
    verifiers,
    session: sessionMiddleware,
    store,
    absoluteTimeoutMs: absoluteMs,
    failureThrottle: tokenFailures,
  };
  // The Keystone routes answer refusals in Keystone's own error format: theirs go on to their router's handler.
  const authenticate = credentials(credentialOptions);
  const authenticateApi = credentials({ ...credentialOptions, refuse });
  const crossSite = originCheck(config.publicUrl);
  // Open to anyone: no credential is read and no body parsed for these.
  const PUBLIC_PATHS = new Set(['/api/health', '/api/ready', '/api/features', '/api/openapi.json']);

  // The API's routes are mounted on the app itself with their full paths, not in a sub-router under /api: a
  // sub-router rewrites req.url, parses it again and restores it for every request that enters it. One layer in front
  // of everything starts the access log and, for the API, does the headers, body, credentials and cross-site check
  // instead of five: every layer a request passes costs it a match, a closure and a dispatch in the router, and this
  // path is taken by every API call.
  app.use((req, res, next) => {
    logRequest(req, res);
    const path = req.path;
    if (!isApiPath(path)) return next();
    setApiHeaders(req, res);
    if (PUBLIC_PATHS.has(path)) return next();
    // Body parsing only for a request that has a body (type-is's test), as body-parser itself would decide.
    const h = req.headers;
    const hasBody =
      h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '');
    // The cross-site check only for what it is for; the common API call (a GET, or any token-authenticated request,
    // without a body) is then one step, with no closure made for it.
    const authenticated = needsOriginCheck(req)
      ? (err?: unknown) =>
          err
            ? refuse(err, req, res, next)
            : crossSite(req, res, (e?: unknown) => (e ? refuse(e, req, res, next) : next()))
      : next;
    if (!hasBody) return authenticateApi(req, res, authenticated);
    jsonBody(req, res, (err?: unknown) =>
      err ? refuse(err, req, res, next) : authenticateApi(req, res, authenticated),
    );
  });
  app.get('/api/whoami', (req, res) => {
    const p = req.principal;
    if (!p) throw new Unauthenticated();
    const u = p.user;
    // Written out rather than spread: the fields are the answer's contract, in this order.
    const me: Principal['user'] & Pick<Principal, 'authenticatedBy' | 'via' | 'tokenId'> = {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      authenticatedBy: p.authenticatedBy,
      via: p.via,
    };
    if (p.tokenId) me.tokenId = p.tokenId;
    res.json(me);
  });
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const enabledFeatures = features.filter((f) => !config.disabledFeatures.includes(f));
  app.get('/api/features', (_req, res) => {
    res.json({ features: enabledFeatures });
  });
  app.get('/api/ready', async (_req, res) => {
    try {
      await store.ping();
      for (const check of deps.readinessChecks ?? []) await check();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).type('application/problem+json').json({
        type: 'https://tessera.dev/problems/not_ready',
        title: 'Not ready',
        status: 503,
        code: 'not_ready',
        detail: 'A dependency is unreachable.',
      });
    }
  });
  app.get('/api/openapi.json', openApiHandler(routes, '1.0.0', config.publicUrl));
  app.use('/api/session', sessionRouter({ store, audit, throttle, idleMs, absoluteMs }));
  app.use('/api/users/:userId/auth-tokens', requireAuth, authTokensRouter(authTokens, audit));
  if (oauth2) {
    app.use('/api/users/:userId/oauth2-client-credentials', requireAuth, oauth2.clientsRouter);
    app.use('/api/oauth2/keys', requireAuth, oauth2.keysRouter);
  }
  app.use('/api/users/:userId/activity', requireAuth, activity.perUser);
  app.use('/api/activity', requireAuth, activity.organisation);
  app.use('/api/users', requireAuth, usersRouter(users, audit, throttle));
  if (gooddataEnabled) {
    const GOODDATA_API_PATHS = GOODDATA_API_TOKEN_PATHS.map((p) => `/api${p}`);
    app.use(
      GOODDATA_API_PATHS,
      requireAuth,
      gooddataApiTokensRouter({ tokens: authTokens, audit, store, publicUrl: config.publicUrl }),
    );
    // Errors on these paths, credential failures included, answer as JSON:API documents.
    app.use(GOODDATA_API_PATHS, gooddataErrors(logger));
  }
  app.use('/api', notFoundHandler);
  if (keystoneEnabled)
    app.use(
      '/v3',
      apiHeaders,
      keystoneRouter({ keystone, store, throttle, authenticate, logger, publicUrl: config.publicUrl }),
    );

  if (oauth2) app.use(oauth2.publicRouter);
  if (deps.webDist) {
    const bootstrap = consoleBootstrap({
      authenticate,
      currentSession: (req) => currentSession(store, req, idleMs, absoluteMs),
      features: enabledFeatures,
    });
    app.use(consoleRouter(deps.webDist, bootstrap));
  }
  app.use(notFoundHandler);
  app.use(answerError);

  return {
    app,
    services: { users, authTokens, audit },
    lastUse,
    tokenFailures,
    routes,
    shutdown: async () => {
      tokenFailures.stop();
      await Promise.all([lastUse.stop(), audit.stop()]);
    },
  };
}
