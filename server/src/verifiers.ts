import type { AuditService } from './audit/service.js';
import type { LastUseRecorder } from './auth-tokens/last-use.js';
import type { OldSecretUseRecorder } from './grace-windows/old-secret-uses.js';
import { authTokenVerifier } from './auth-tokens/verifier.js';
import { bootstrapTokenVerifier } from './gooddata/bootstrap-verifier.js';
import type { TokenVerifier } from './http/credentials.js';
import type { KeystoneService } from './keystone/service.js';
import type { BootstrapTokenService } from './settings/bootstrap-token.js';
import { keystoneVerifier } from './keystone/verifier.js';
import type { AuthTokenRepository, UserRepository } from './store/store.js';

/**
 * Fills the app's verifier list in the order a bearer credential is tried. The list is one array, read at request
 * time, because the OAuth feature holds it too (an administrator's token may introspect and revoke).
 */
export function addTokenVerifiers(
  verifiers: TokenVerifier[],
  deps: {
    authTokens: AuthTokenRepository;
    users: UserRepository;
    lastUse: LastUseRecorder;
    audit: AuditService;
    /** Uses of a previous secret during its grace window (issue 20). */
    oldSecretUses?: OldSecretUseRecorder | undefined;
    oauth2?: TokenVerifier | undefined;
    keystone?: KeystoneService | undefined;
    bootstrapToken?: string | undefined;
    /** The bootstrap token's run-time switch and use audit. */
    bootstrapTokens?: BootstrapTokenService | undefined;
  },
): TokenVerifier[] {
  verifiers.push(authTokenVerifier(deps.authTokens, deps.lastUse, deps.audit, deps.oldSecretUses));
  if (deps.oauth2) verifiers.push(deps.oauth2);
  if (deps.keystone) verifiers.push(keystoneVerifier(deps.keystone));
  // Last: it recognises a credential by length alone, so the prefixed kinds are tried first.
  if (deps.bootstrapToken)
    verifiers.push(bootstrapTokenVerifier(deps.users, deps.bootstrapToken, deps.bootstrapTokens));
  return verifiers;
}
