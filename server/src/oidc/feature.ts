import type { Request } from 'express';
import type { Store as RateLimitStore } from 'express-rate-limit';
import type { AuditService } from '../audit/service.js';
import type { OidcConfig } from '../config.js';
import type { PublicOrigin } from '../http/public-origin.js';
import type { AnyRoute } from '../http/route.js';
import type { SignInService } from '../session/sign-in-service.js';
import type { Store } from '../store/store.js';
import { oidcAttemptLimit } from './attempt-limit.js';
import { IdTokenSeal } from './id-token-seal.js';
import { RelyingParty } from './relying-party.js';
import { oidcRoutes } from './router.js';
import { OidcSignInService } from './service.js';

export interface OidcFeature {
  routes: AnyRoute[];
  /** The provider's logout for this session's sign-in, coming back to the console's sign-in page. */
  endSessionUrl(req: Request): Promise<string | undefined>;
}

/** OpenID Connect sign-in (issue 21, point 6), when TESSERA_OIDC_ISSUER is set: nothing talks to the provider yet. */
export function oidcFeature(deps: {
  config: OidcConfig;
  store: Pick<Store, 'users' | 'userIdentities'>;
  audit: AuditService;
  signIn: SignInService;
  origin: PublicOrigin;
  /** The key the logout hint is sealed under in the session store is derived from it. */
  sessionSecret: string;
  /** Where the attempts per address are counted: the sign-in counters' store (Redis with REDIS_URL). */
  attemptCounter: RateLimitStore;
}): OidcFeature {
  const relyingParty = new RelyingParty(deps.config);
  const service = new OidcSignInService(deps.config, deps.store.users, deps.store.userIdentities, deps.audit);
  const idTokenSeal = new IdTokenSeal(deps.sessionSecret);
  return {
    routes: oidcRoutes({
      relyingParty,
      service,
      idTokenSeal,
      signIn: deps.signIn,
      origin: deps.origin,
      limit: oidcAttemptLimit(deps.attemptCounter, deps.config.attemptsPerMinute),
    }),
    // A hint that no longer opens is left out: the provider then knows the client by client_id alone.
    endSessionUrl: async (req) =>
      relyingParty.endSessionUrl(await idTokenSeal.open(req.session.oidcSealedIdToken), `${deps.origin(req)}/signin`),
  };
}
