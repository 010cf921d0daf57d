import { Router } from 'express';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/service.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { apiHeaders } from '../http/security-headers.js';
import { mountRoutes, type AnyRoute } from '../http/route.js';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import type { AuthTokenService } from '../auth-tokens/service.js';
import type { KeystoneService } from '../keystone/service.js';
import type { PolicySource } from '../policy/policy.js';
import type { Store } from '../store/store.js';
import { AccessTokens } from './access-tokens.js';
import { ClientAuthenticator } from './client-auth.js';
import type { OldSecretUseRecorder } from '../grace-windows/old-secret-uses.js';
import type { GraceWindowService } from '../grace-windows/service.js';
import { metadataRoute, oauth2EndpointRoutes } from './endpoints.js';
import { oauthErrorHandler } from './oauth-errors.js';
import { oauth2AudienceRoutes, oauth2ClientRoutes, oauth2KeyRoutes } from './router.js';
import { AudienceOwnership } from './audience-ownership.js';
import { OAuth2ClientService } from './service.js';
import { SigningKeyRotation } from './key-rotation.js';
import { SigningKeys } from './signing-keys.js';
import { OAuth2TokenService } from './token-service.js';
import { accessTokenVerifier } from './verifier.js';

export const OAUTH2_FEATURE = 'oauth2-client-credentials';

/** Wires the OAuth 2.0 client-credentials feature; app.ts mounts what it returns, or nothing in a realm without it. */
export function oauth2Feature(deps: {
  store: Store;
  logger: Logger;
  audit: AuditService;
  /** Revocation of an auth token at /oauth2/v1/revoke goes through the auth-token service. */
  authTokens: AuthTokenService;
  sessionSecret: string;
  /** Tessera's public origin: the issuer and its own audience. */
  origin: PublicOrigin;
  /** The app's verifiers (read at request time): an administrator's bearer token may introspect and revoke. */
  verifiers: TokenVerifier[];
  tokenFailures?: TokenFailureThrottle;
  /** Keystone tokens are introspected and revoked at /oauth2/v1 too, when that feature is on. */
  keystone?: KeystoneService | undefined;
  /** The lifecycle policy in force: limits, lifetimes, and whether OAuth clients are on at all. */
  policy: PolicySource;
  /** Grace windows of previous secrets and the recorder of their uses (issue 20). */
  grace?: GraceWindowService;
  oldSecretUses?: OldSecretUseRecorder;
}) {
  const { store, logger, audit } = deps;
  const { origin } = deps;
  const keys = new SigningKeys(store.oauth2AccessTokens, deps.sessionSecret, logger);
  // Another replica's rotation, announced at its commit (PostgreSQL): published and signed with within a second.
  store.onChange?.('signing_keys', () => keys.changed());
  const accessTokens = new AccessTokens(store.oauth2AccessTokens, store.oauth2Clients, keys);
  const clients = new OAuth2ClientService(
    store.oauth2Clients,
    store.users,
    deps.policy,
    audit,
    store.authTokens,
    deps.grace,
    store.projects,
  );
  const ownership = new AudienceOwnership(store.oauth2Clients, store.users, audit);
  const authenticator = new ClientAuthenticator(
    store.oauth2Clients,
    audit,
    deps.verifiers,
    deps.tokenFailures,
    deps.policy,
    deps.oldSecretUses,
  );
  const tokens = new OAuth2TokenService(
    store.oauth2Clients,
    store.authTokens,
    deps.authTokens,
    accessTokens,
    audit,
    deps.keystone,
  );

  const endpointRoutes = oauth2EndpointRoutes({ clients: authenticator, tokens, keys, origin, audiences: ownership });
  const metadata = metadataRoute(origin);

  /** Mounted at the app root: `/oauth2/v1/*` and `/.well-known/oauth-authorization-server`, outside /api's cookie checks. */
  const publicRouter = Router();
  publicRouter.use(['/oauth2', '/.well-known/oauth-authorization-server'], apiHeaders);
  publicRouter.use('/oauth2/v1', mountRoutes(Router(), endpointRoutes, '/oauth2/v1').use(oauthErrorHandler));
  mountRoutes(publicRouter, [metadata]);
  const clientRoutes = oauth2ClientRoutes(clients, origin);
  const keyRoutes = oauth2KeyRoutes(new SigningKeyRotation(keys, audit));

  return {
    keys,
    accessTokens,
    clients,
    verifier: accessTokenVerifier(accessTokens, origin, audit),
    publicRouter,
    clientRoutes,
    keyRoutes,
    audienceRoutes: oauth2AudienceRoutes(clients, ownership, origin),
    /** The routes publicRouter serves, for the document. */
    publicRoutes: [...endpointRoutes, metadata] as AnyRoute[],
  };
}
