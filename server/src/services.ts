import type { Logger } from 'pino';
import { ApplicationCredentialService } from './application-credentials/service.js';
import { newNetworkEvents } from './audit/new-network.js';
import { AuditService } from './audit/service.js';
import { LastUseRecorder } from './auth-tokens/last-use.js';
import { AuthTokenService } from './auth-tokens/service.js';
import type { Config, Feature } from './config.js';
import { EventDispatcher } from './events/dispatcher.js';
import { OldSecretUseRecorder } from './grace-windows/old-secret-uses.js';
import { GraceWindowService } from './grace-windows/service.js';
import type { TokenVerifier } from './http/credentials.js';
import { publicOrigin } from './http/public-origin.js';
import { TokenInventoryService } from './inventory/service.js';
import { JobRunner } from './jobs/runner.js';
import { AppMetrics } from './metrics/app-metrics.js';
import { ApplicationCredentialMethod } from './keystone/application-credentials-method.js';
import { KeystoneScopes } from './keystone/scope.js';
import { KeystoneService } from './keystone/service.js';
import { MfaService } from './mfa/service.js';
import { NotificationEventHandler } from './notifications/event-handler.js';
import { ExpiryNotices } from './notifications/expiry-notices.js';
import { NotificationService } from './notifications/service.js';
import { OAUTH2_FEATURE, oauth2Feature } from './oauth2/feature.js';
import { oidcFeature } from './oidc/feature.js';
import { policyFromConfig } from './policy/policy.js';
import { PolicyService } from './policy/service.js';
import { ProjectService } from './projects/service.js';
import { RevocationService } from './revocations/service.js';
import { TokenFailureThrottle, type SharedFailureCounter } from './security/token-failure-throttle.js';
import { PasswordAuthenticator } from './session/password-authentication.js';
import { SignInService } from './session/sign-in-service.js';
import { memoryCounters, signInThrottle, type SignInCounters } from './session/sign-in-throttle.js';
import { SessionRevoker, type SessionDirectory, type SessionRevocation } from './sessions/revocation.js';
import { UserSessionService } from './sessions/service.js';
import { BootstrapTokenService } from './settings/bootstrap-token.js';
import { clientRetentionJob } from './store/credential-clients.js';
import type { Store } from './store/store.js';
import { UserService } from './users/service.js';
import { addTokenVerifiers } from './verifiers.js';
import { WebhookDeliverer, type DelivererOptions } from './webhooks/deliverer.js';
import { webhookEventHandler } from './webhooks/handler.js';
import { WebhookSecrets } from './webhooks/secret.js';
import { WebhookService } from './webhooks/service.js';

/** What the services are built from; AppDeps (app.ts) adds what only the HTTP app uses. */
export interface ServiceDeps {
  config: Config;
  store: Store;
  logger: Logger;
  sessionSecret: string;
  /** Ends, lists and ends one of a user's sessions wherever they live; the database's sessions table by default. */
  sessionRevocation?: SessionRevocation & SessionDirectory;
  /** Where the sign-in throttle counts failures: Redis when configured (shared by replicas), memory by default. */
  signInCounters?: SignInCounters;
  /** Where the token-failure budget is counted: Redis when configured (shared by replicas), memory by default. */
  tokenFailureCounter?: SharedFailureCounter;
  /** Webhook delivery limits (timeout, concurrency); tests shorten the timeout. */
  webhookDelivery?: DelivererOptions;
}

/**
 * Builds the services, the token verifiers and the background jobs from the store and the configuration, and starts
 * their timers; the HTTP app that mounts them is app.ts. No I/O happens here.
 */
export function createServices(deps: ServiceDeps) {
  const { config, store, logger } = deps;
  const enabled = (feature: Feature) => !config.disabledFeatures.includes(feature);

  // What /metrics reports, counted in plain numbers on the request path (metrics/app-metrics.ts).
  const metrics = new AppMetrics();
  const audit = new AuditService(store.audit, store.users, logger);
  audit.start(config.lastUsedFlushMs);
  const sessionRevocation = deps.sessionRevocation ?? new SessionRevoker(store.sessions);
  const counters = deps.signInCounters ?? memoryCounters();
  const throttle = signInThrottle(config.signIn.maxFailures, config.signIn.windowMinutes, counters);
  const users = new UserService(
    store.users,
    audit,
    sessionRevocation,
    logger,
    store.authTokens,
    throttle,
    store.keystoneTokens,
    store.userIdentities,
  );
  const userSessions = new UserSessionService(sessionRevocation, audit);
  const lastUse = new LastUseRecorder(store.authTokens, logger, config.lastUsedFlushMs);
  // Issue 20, point 4: a token's first use from a new network is audited (and notified) by the flush that writes it.
  lastUse.reportNewNetworks(newNetworkEvents(audit, 'auth_token'), (events) => events.forEach((e) => audit.logged(e)));
  lastUse.observeFlushes((seconds, tokens, failed) => metrics.flushed(seconds, tokens, failed));
  lastUse.start();
  // The lifecycle policy: the saved one once read (main.ts waits for that before listening), re-read every 500 ms.
  const policy = new PolicyService(store.settings, store.policyImpact, audit, policyFromConfig(config), logger);
  // The policy's inactivity limit, as in force now: the expiry notices warn a week before it, the job revokes at it.
  const revokeUnusedAfterDays = () => policy.current().revokeUnusedAfterDays;
  policy.start();
  // Another replica's save, announced at its commit (PostgreSQL); the timer stays as the fallback.
  store.onChange?.('policy', () => {
    policy.refresh().catch((err: unknown) => logger.warn({ err }, 'policy: refresh failed'));
  });
  // Issue 20, point 3: previous secrets in a grace window; their uses flushed on the same interval as last use.
  const oldSecretUses = new OldSecretUseRecorder(store.graceWindows, audit, logger, config.lastUsedFlushMs);
  oldSecretUses.start();
  const grace = new GraceWindowService(store.graceWindows, oldSecretUses, audit);
  const authTokens = new AuthTokenService(store.authTokens, store.users, policy, lastUse, audit, grace, store.projects);
  const passwords = new PasswordAuthenticator(store.users, audit);
  const signIn = new SignInService(passwords, users, audit);
  const mfa = new MfaService(store.mfa, store.users, audit, config, deps.sessionSecret);
  const origin = publicOrigin(config);
  const oidc = config.oidc
    ? oidcFeature({
        config: config.oidc,
        store,
        audit,
        signIn,
        origin,
        sessionSecret: deps.sessionSecret,
        attemptCounter: counters.store('oidc'),
      })
    : undefined;
  const tokenFailures = new TokenFailureThrottle(config.tokenFailuresPerMinute, { shared: deps.tokenFailureCounter });
  tokenFailures.start();
  const jobs = new JobRunner(store.jobLock, logger, (job, outcome, seconds) => metrics.jobRun(job, outcome, seconds));
  jobs.register(grace.purgeJob());
  const events = new EventDispatcher(store.events);
  jobs.register(events.job());
  // H5 (issue 19): webhooks — a delivery queued per matching endpoint for each domain event, then posted by a job.
  const webhookSecrets = new WebhookSecrets(deps.sessionSecret);
  // Issue 21: projects and role assignments, for the console's API and Keystone's.
  const projects = new ProjectService(store.projects, store.users, audit);
  const webhooks = new WebhookService(store.webhooks, store.webhookDeliveries, webhookSecrets, audit);
  events.on(webhookEventHandler(store.webhooks, store.webhookDeliveries));
  jobs.register(new WebhookDeliverer(store.webhookDeliveries, webhookSecrets, logger, deps.webhookDelivery).job());
  events.on(new NotificationEventHandler(store.notifications, store.authTokens, store.oauth2Clients));
  const expiryNotices = new ExpiryNotices({
    tokenNotices: store.tokenNotices,
    notifications: store.notifications,
    events: store.events,
    settings: store.settings,
    revokeUnusedAfterDays,
  });
  jobs.register(expiryNotices.job(config.expiryNoticeIntervalMs));
  // Issue 20: recent clients not seen for 30 days are dropped, hourly (a flush trims only the credentials it writes).
  jobs.register(clientRetentionJob(store.credentialClients, 3_600_000));
  const notifications = new NotificationService(store.notifications);
  const revocations = new RevocationService(
    store.revocations,
    new TokenInventoryService(store.authTokens, authTokens, users),
    audit,
    {
      dialect: store.dialect,
      undoMinutes: config.revokeUndoMinutes,
      finaliseIntervalMs: config.revokeFinaliseIntervalMs,
      logger,
    },
  );
  for (const job of revocations.jobs(revokeUnusedAfterDays)) jobs.register(job);
  const verifiers: TokenVerifier[] = [];
  const bootstrapTokens = new BootstrapTokenService(store.settings, audit, config.bootstrapToken !== undefined);
  const keystone = enabled('keystone')
    ? new KeystoneService(
        store.keystoneTokens,
        store.users,
        passwords,
        config,
        audit,
        new KeystoneScopes(projects, config.domainName),
        tokenFailures,
      ).useSecondFactors(mfa)
    : undefined;
  // Issue 21, point 3: Keystone's application credentials, with the Keystone surface (their method and routes).
  const applicationCredentials = keystone
    ? new ApplicationCredentialService(
        store.applicationCredentials,
        projects,
        store.users,
        policy,
        audit,
        store.authTokens,
      )
    : undefined;
  if (keystone && applicationCredentials)
    keystone.useApplicationCredentials(
      new ApplicationCredentialMethod(applicationCredentials, projects, store.users, audit, config, tokenFailures),
    );
  // A realm without a feature mounts none of its routes, so they answer 404 like any unknown path.
  const oauth2 = enabled(OAUTH2_FEATURE)
    ? oauth2Feature({
        store,
        logger,
        audit,
        authTokens,
        sessionSecret: deps.sessionSecret,
        origin,
        verifiers,
        tokenFailures,
        keystone,
        policy,
        grace,
        oldSecretUses,
      })
    : undefined;
  addTokenVerifiers(verifiers, {
    authTokens: store.authTokens,
    users: store.users,
    lastUse,
    audit,
    oldSecretUses,
    oauth2: oauth2?.verifier,
    keystone,
    bootstrapToken: config.bootstrapToken,
    bootstrapTokens,
  });

  return {
    audit,
    users,
    userSessions,
    counters,
    throttle,
    lastUse,
    policy,
    oldSecretUses,
    grace,
    authTokens,
    passwords,
    signIn,
    mfa,
    origin,
    oidc,
    tokenFailures,
    jobs,
    metrics,
    events,
    projects,
    webhooks,
    notifications,
    revocations,
    verifiers,
    bootstrapTokens,
    keystone,
    applicationCredentials,
    oauth2,
  };
}
