import type { SessionCookie } from '../sessions/cookie.js';
import type { Express } from 'express';
import { activityRoutes } from '../audit/router.js';
import type { AuditService } from '../audit/service.js';
import { applicationCredentialRoutes } from '../application-credentials/router.js';
import type { ApplicationCredentialService } from '../application-credentials/service.js';
import { authTokenRoutes } from '../auth-tokens/router.js';
import type { AuthTokenService } from '../auth-tokens/service.js';
import type { Config } from '../config.js';
import { expressPath, mountRoutes, surfaceRouter, type AnyRoute } from '../http/route.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { mfaRoutes } from '../mfa/router.js';
import { notificationRoutes } from '../notifications/router.js';
import type { NotificationService } from '../notifications/service.js';
import type { OAuth2ClientService } from '../oauth2/service.js';
import type { OidcFeature } from '../oidc/feature.js';
import type { MfaService } from '../mfa/service.js';
import type { RouteRegistry } from '../openapi/registry.js';
import type { PasswordAuthenticator } from '../session/password-authentication.js';
import { reauthenticateRoute, reauthenticateWebauthnOptionsRoute } from '../session/reauthenticate.js';
import { sessionRoutes } from '../session/router.js';
import { userSessionRoutes } from '../sessions/router.js';
import type { UserSessionService } from '../sessions/service.js';
import type { SignInThrottle } from '../session/sign-in-throttle.js';
import type { SignInService } from '../session/sign-in-service.js';
import { clientInventoryRoute } from '../inventory/client-router.js';
import { ClientInventoryService } from '../inventory/client-service.js';
import { authTokenInventoryRoute } from '../inventory/router.js';
import { TokenInventoryService } from '../inventory/service.js';
import { revocationRoutes } from '../revocations/router.js';
import type { RevocationService } from '../revocations/service.js';
import { scopesRoute } from '../scopes/router.js';
import { whoAmIRoute } from '../session/whoami.js';
import type { BootstrapTokenService } from '../settings/bootstrap-token.js';
import { settingsRoutes } from '../settings/router.js';
import { policyRoutes } from '../policy/router.js';
import type { PolicyService } from '../policy/service.js';
import { projectRoutes, userProjectsRoute } from '../projects/router.js';
import type { ProjectService } from '../projects/service.js';
import type { Store } from '../store/store.js';
import { administratorsRoute, userRoutes } from '../users/router.js';
import { BOOTSTRAP_ADMIN } from '../users/service.js';
import type { UserService } from '../users/service.js';
import { webhookRoutes } from '../webhooks/router.js';
import type { WebhookService } from '../webhooks/service.js';
import { serviceRoutes } from './service-routes.js';
import { serviceAccountRoutes } from '../service-accounts/router.js';
import { ServiceAccountService } from '../service-accounts/service.js';

/** The native JSON API under /api: one router per resource at its prefix, service routes on the app itself. */
export function mountNativeApi(
  app: Express,
  deps: {
    config: Config;
    store: Store;
    users: UserService;
    authTokens: AuthTokenService;
    audit: AuditService;
    signIn: SignInService;
    passwords: PasswordAuthenticator;
    userSessions: UserSessionService;
    /** The session cookie (`__Host-tessera.sid` over HTTPS). */
    cookie: SessionCookie;
    throttle: SignInThrottle;
    mfa: MfaService;
    /** The console's own origin (WebAuthn's relying party). */
    origin: PublicOrigin;
    idleMs: number;
    absoluteMs: number;
    readinessChecks?: (() => Promise<void>)[] | undefined;
    routes: RouteRegistry;
    bootstrapTokens: BootstrapTokenService;
    /** The caller's notifications (issue 19, point 5). */
    notifications: NotificationService;
    /** H5 (issue 19): administrators' webhook endpoints. */
    webhooks: WebhookService;
    /** Bulk revocation with undo (issue 19). */
    revocations: RevocationService;
    policy: PolicyService;
    /** Issue 21: projects and the roles users hold in them. */
    projects: ProjectService;
    /** The public leak report (issue 20, point 5). */
    leakReports: AnyRoute[];
    /** OpenID Connect sign-in, when configured. */
    oidc?: OidcFeature | undefined;
    /** Issue 21, point 3: Keystone's application credentials, when the Keystone surface is on. */
    applicationCredentials?: ApplicationCredentialService | undefined;
    /** The OAuth 2.0 console API, when the feature is on. */
    oauth2?:
      | { clientRoutes: AnyRoute[]; keyRoutes: AnyRoute[]; audienceRoutes: AnyRoute[]; clients: OAuth2ClientService }
      | undefined;
  },
): void {
  const { config, store, audit, routes } = deps;
  const service = serviceRoutes({
    config,
    store,
    readinessChecks: deps.readinessChecks,
    routes,
  });
  // whoami first: it is the benchmarked token request, matched before any other layer.
  const direct = [whoAmIRoute(store.projects), ...service, scopesRoute];
  mountRoutes(app, direct);
  const session = sessionRoutes({
    signIn: deps.signIn,
    throttle: deps.throttle,
    mfa: deps.mfa,
    origin: deps.origin,
    idleMs: deps.idleMs,
    absoluteMs: deps.absoluteMs,
    cookie: deps.cookie,
    passwordsOnlyFor: config.localSignIn ? undefined : BOOTSTRAP_ADMIN,
    endSessionUrl: deps.oidc?.endSessionUrl,
  });
  session.push(
    ...(deps.oidc?.routes ?? []),
    reauthenticateRoute({
      passwords: deps.passwords,
      audit,
      throttle: deps.throttle,
      mfa: deps.mfa,
      origin: deps.origin,
    }),
    reauthenticateWebauthnOptionsRoute({ mfa: deps.mfa, origin: deps.origin }),
  );
  const tokens = authTokenRoutes(deps.authTokens);
  const activity = activityRoutes(audit, deps.users);
  const users = userRoutes(deps.users, deps.throttle);
  const prefixed: [string, AnyRoute[]][] = [
    ['/api/session', session],
    // Before /api/users: `me/notifications` is no `{userId}` of the users router.
    ['/api/users/me/notifications', notificationRoutes(deps.notifications)],
    ['/api/users/{userId}/auth-tokens', tokens],
    ...(deps.oauth2
      ? ([
          ['/api/users/{userId}/oauth2-client-credentials', deps.oauth2.clientRoutes],
          ['/api/oauth2/keys', deps.oauth2.keyRoutes],
          ['/api/oauth2/audiences', deps.oauth2.audienceRoutes],
          [
            '/api/oauth2-client-credentials',
            [
              clientInventoryRoute(
                new ClientInventoryService(store.oauth2Clients, deps.oauth2.clients, deps.users),
                deps.origin,
              ),
            ],
          ],
        ] as [string, AnyRoute[]][])
      : []),
    ...(deps.applicationCredentials
      ? ([
          ['/api/users/{userId}/application-credentials', applicationCredentialRoutes(deps.applicationCredentials)],
        ] as [string, AnyRoute[]][])
      : []),
    ['/api/users/{userId}/activity', [activity.perUser]],
    ['/api/users/{userId}/sessions', userSessionRoutes(deps.userSessions, deps.cookie)],
    ['/api/users/{userId}/mfa', mfaRoutes(deps.mfa, deps.origin)],
    ['/api/users/{userId}/projects', [userProjectsRoute(deps.projects, deps.users)]],
    ['/api/activity', [activity.organisation]],
    ['/api/users', users],
    ['/api/administrators', [administratorsRoute(deps.users)]],
    ['/api/service-accounts', serviceAccountRoutes(new ServiceAccountService(store.users, store.authTokens, audit))],
    ['/api/settings', settingsRoutes(deps.bootstrapTokens)],
    ['/api/policy', policyRoutes(deps.policy)],
    [
      '/api/auth-tokens',
      [
        authTokenInventoryRoute(new TokenInventoryService(store.authTokens, deps.authTokens, deps.users)),
        ...revocationRoutes(deps.revocations),
      ],
    ],
    ['/api/webhooks', webhookRoutes(deps.webhooks)],
    ['/api/projects', projectRoutes(deps.projects)],
    ['/api/credentials', deps.leakReports],
  ];
  routes.add(...direct);
  for (const [prefix, list] of prefixed) {
    app.use(expressPath(prefix), surfaceRouter(list, prefix));
    routes.add(...list);
  }
}
