import express from 'express';
import session from 'express-session';
import type { AuditService } from './audit/service.js';
import type { LastUseRecorder } from './auth-tokens/last-use.js';
import type { AuthTokenService } from './auth-tokens/service.js';
import { features, type Feature } from './config.js';
import type { EventDispatcher } from './events/dispatcher.js';
import type { OldSecretUseRecorder } from './grace-windows/old-secret-uses.js';
import { accessLog } from './http/access-log.js';
import { apiEntry } from './http/api-entry.js';
import { consoleBootstrap, consoleRouter } from './http/console.js';
import { notFoundHandler } from './http/errors.js';
import { useDirectJson } from './http/json-response.js';
import { apiHeaders } from './http/security-headers.js';
import type { JobRunner } from './jobs/runner.js';
import type { AppMetrics } from './metrics/app-metrics.js';
import { metricsApp, metricsHandler } from './metrics/endpoint.js';
import { MetricsExporter } from './metrics/exporter.js';
import { countResponses } from './metrics/responses.js';
import { leakReportLimiter, leakReportRoutes } from './leak-report/router.js';
import { LeakReportService } from './leak-report/service.js';
import { RouteRegistry } from './openapi/registry.js';
import type { PolicyService } from './policy/service.js';
import type { ProjectService } from './projects/service.js';
import type { RevocationService } from './revocations/service.js';
import type { TokenFailureThrottle } from './security/token-failure-throttle.js';
import { createServices, type ServiceDeps } from './services.js';
import { currentSession } from './session/router.js';
import { sessionCookie } from './sessions/cookie.js';
import { DatabaseSessionStore } from './sessions/database-session-store.js';
import { mountGooddataApi } from './surfaces/gooddata.js';
import { mountKeystoneApi } from './surfaces/keystone.js';
import { mountNativeApi } from './surfaces/native.js';
import { signInOptions } from './surfaces/service-routes.js';
import type { UserService } from './users/service.js';

export interface AppDeps extends ServiceDeps {
  /** Where browser sessions live; the database by default, Redis when configured. */
  sessionStore?: session.Store;
  /** The built console; omitted in API-only tests. */
  webDist?: string;
  /** Extra readiness checks (e.g. Redis) for /api/ready. */
  readinessChecks?: (() => Promise<void>)[];
}

export interface Tessera {
  app: express.Express;
  services: {
    users: UserService;
    authTokens: AuthTokenService;
    audit: AuditService;
    revocations: RevocationService;
    policy: PolicyService;
    projects: ProjectService;
  };
  /** Background jobs (started unless TESSERA_JOBS=off); tests run one with `jobs.runNow(name, now?)`. */
  jobs: JobRunner;
  /** Hands the domain events' outbox to its handlers (the `events.dispatch` job). */
  events: EventDispatcher;
  lastUse: LastUseRecorder;
  /** Uses of previous secrets in a grace window (issue 20); tests flush it as they flush lastUse. */
  oldSecretUses: OldSecretUseRecorder;
  tokenFailures: TokenFailureThrottle;
  /** Every route the app serves, as documented at /api/openapi.json. */
  routes: RouteRegistry;
  /** What /metrics reports, as plain counts (metrics/app-metrics.ts). */
  metrics: AppMetrics;
  /** The app of TESSERA_METRICS_PORT, serving only /metrics; main.ts listens on it. Absent without that port. */
  metricsApp?: express.Express;
  /** Stops timers and flushes what is held in memory; the caller closes the store. */
  shutdown(): Promise<void>;
}

/** Builds the whole app from its dependencies; no I/O happens here or at import time. */
export function createApp(deps: AppDeps): Tessera {
  const { config, store, logger } = deps;
  const idleMs = config.session.idleMinutes * 60_000;
  const absoluteMs = config.session.absoluteHours * 3_600_000;
  const enabled = (feature: Feature) => !config.disabledFeatures.includes(feature);

  const services = createServices(deps);
  const { audit, users, authTokens, policy, projects, origin, tokenFailures, jobs, lastUse, oldSecretUses } = services;
  const cookie = sessionCookie(config);
  const leakReports = leakReportRoutes(
    new LeakReportService(store, audit, logger, services.grace),
    leakReportLimiter(services.counters.store('leak-report'), config.leakReportsPer15Minutes),
  );

  const sessionMiddleware = session({
    name: cookie.name,
    secret: deps.sessionSecret,
    store: deps.sessionStore ?? new DatabaseSessionStore(store.sessions, idleMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      maxAge: idleMs,
      path: '/',
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  useDirectJson(app);
  countResponses(app, services.metrics.responses);
  const { entry, authenticate, answerError } = apiEntry({
    logger,
    logRequest: accessLog(app, logger, config.accessLog.mode, config.accessLog.sampleRate, {
      bootstrapToken: config.bootstrapToken,
    }),
    verifiers: services.verifiers,
    session: sessionMiddleware,
    users: store.users,
    absoluteTimeoutMs: absoluteMs,
    reauthAfterMs: config.session.reauthMinutes * 60_000,
    failureThrottle: tokenFailures,
    origin,
    verifications: services.metrics.verifications,
  });
  const routes = new RouteRegistry();

  app.use(entry);
  // The native API mounts nearly every service; its deps type says which.
  mountNativeApi(app, {
    ...services,
    config,
    store,
    cookie,
    idleMs,
    absoluteMs,
    readinessChecks: deps.readinessChecks,
    routes,
    leakReports,
  });
  if (enabled('gooddata-api-tokens')) mountGooddataApi(app, { tokens: authTokens, users, origin, logger, routes });
  app.use('/api', notFoundHandler);
  const { keystone, oauth2 } = services;
  if (keystone)
    mountKeystoneApi(app, {
      keystone,
      projects,
      users,
      throttle: services.throttle,
      authenticate,
      logger,
      origin,
      routes,
      applicationCredentials: services.applicationCredentials,
    });
  if (oauth2) {
    app.use(oauth2.publicRouter);
    routes.add(...oauth2.publicRoutes);
  }
  // Metrics on the main port only behind a token; otherwise on TESSERA_METRICS_PORT or nowhere (docs/deploy.md).
  const exporter = new MetricsExporter(services.metrics, store);
  const { token: metricsToken, port: metricsPort } = config.metrics;
  if (metricsToken) app.get('/metrics', apiHeaders, metricsHandler(exporter, metricsToken));
  // Never a console page: an unknown path under these (any method) is the API's 404, as under /api.
  app.use(['/v2', '/v3', '/oauth2', '/.well-known', '/metrics'], apiHeaders, notFoundHandler);
  if (deps.webDist) {
    const bootstrap = consoleBootstrap({
      authenticate,
      currentSession: (req) => currentSession(services.signIn, req, idleMs, absoluteMs),
      features: features.filter(enabled),
      signIn: signInOptions(config),
    });
    app.use(consoleRouter(deps.webDist, bootstrap));
  }
  app.use(notFoundHandler);
  app.use(answerError);
  if (config.jobs) jobs.start();

  return {
    app,
    services: { users, authTokens, audit, revocations: services.revocations, policy, projects },
    jobs,
    events: services.events,
    lastUse,
    oldSecretUses,
    tokenFailures,
    routes,
    metrics: services.metrics,
    ...(metricsPort !== undefined ? { metricsApp: metricsApp(metricsHandler(exporter, metricsToken), logger) } : {}),
    shutdown: async () => {
      await jobs.stop();
      policy.stop();
      tokenFailures.stop();
      await Promise.all([lastUse.stop(), oldSecretUses.stop(), audit.stop()]);
    },
  };
}
