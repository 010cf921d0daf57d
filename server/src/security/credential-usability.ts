import type { CredentialOwner } from '../store/store.js';
import type { NetworkAllowList } from './networks.js';

/** Why an existing API credential may not be used now; the names are the audit reasons and refusal codes. */
export type CredentialRefusal =
  'expired' | 'suspended' | 'revoked' | 'network_not_allowed' | 'user_disabled' | 'api_tokens_disabled';

/**
 * The one rule for every API credential (auth token, OAuth client and its access tokens, Keystone token): not
 * expired, owner enabled, owner's API credentials on. Expiry is compared in ms (Date.parse makes no object).
 */
export function credentialRefusal(
  expiresAt: string | null,
  owner: Pick<CredentialOwner, 'disabled' | 'apiTokensEnabled'>,
  nowMs: number,
): CredentialRefusal | undefined {
  if (expiresAt !== null && Date.parse(expiresAt) <= nowMs) return 'expired';
  return ownerRefusal(owner);
}

/** The owner's half of the rule, for a credential that does not expire by itself (bootstrap, a password). */
export function ownerRefusal(
  owner: Pick<CredentialOwner, 'disabled' | 'apiTokensEnabled'>,
): 'user_disabled' | 'api_tokens_disabled' | undefined {
  if (owner.disabled) return 'user_disabled';
  if (!owner.apiTokensEnabled) return 'api_tokens_disabled';
  return undefined;
}

/**
 * The credential's own switches, checked after the rule above: suspended (issue 18), then used from outside its
 * network allow-list. `ip` is the client address as TESSERA_TRUST_PROXY defines it.
 */
export function useRefusal(
  cred: { suspended: boolean; networks: NetworkAllowList | null },
  ip: string | null,
): 'suspended' | 'network_not_allowed' | undefined {
  if (cred.suspended) return 'suspended';
  if (cred.networks !== null && !cred.networks.allows(ip)) return 'network_not_allowed';
  return undefined;
}
