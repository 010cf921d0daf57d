import type { z } from 'zod';
import { roleScopes, scopeMask, scopeNames } from '../scopes/vocabulary.js';
import { presentDelivery } from '../security/credential-delivery.js';
import type { CredentialCreator } from '../security/credential-issuing.js';
import type { AuthToken, Role } from '../store/store.js';
import type { authTokenSchema, newAuthTokenSchema } from './schema.js';

export type TokenStatus = 'active' | 'expired' | 'suspended' | 'revoked';

/**
 * Revoked wins over everything (an administrator's or the inactivity job's decision, undone only by its undo); then
 * expired wins over suspended: an expired token never works again, so whether it was also suspended no longer
 * matters (and resuming it would not bring it back).
 */
export const tokenStatus = (
  t: Pick<AuthToken, 'expiresAt' | 'suspendedAt'> & { revocation?: AuthToken['revocation'] },
  now = new Date().toISOString(),
): TokenStatus =>
  t.revocation
    ? 'revoked'
    : t.expiresAt !== null && t.expiresAt <= now
      ? 'expired'
      : t.suspendedAt !== null
        ? 'suspended'
        : 'active';

/** The scopes a token holds as names: its own list, or for full access every scope its owner's role can use. */
export const tokenScopeMask = (t: Pick<AuthToken, 'scopes'>, role: Role): number =>
  t.scopes === null ? roleScopes(role) : scopeMask(t.scopes);

/** What leaves the server about a token in lists and reads: never the secret, never the digest. */
export const presentAuthToken = (
  t: AuthToken,
  creators: ReadonlyMap<string, CredentialCreator>,
  ownerRole: Role,
): z.output<typeof authTokenSchema> => ({
  id: t.id,
  userId: t.userId,
  name: t.name,
  description: t.description,
  hint: t.hint,
  createdAt: t.createdAt,
  createdBy: t.createdBy,
  creator: (t.createdBy && creators.get(t.createdBy)) || null,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  lastUsedIp: t.lastUsedIp,
  regeneratedAt: t.regeneratedAt,
  // Through the mask: vocabulary order, and a name no longer in the vocabulary is not shown.
  scopes: scopeNames(tokenScopeMask(t, ownerRole)),
  fullAccess: t.scopes === null,
  allowedNetworks: t.allowedNetworks,
  projects: t.projects,
  status: tokenStatus(t),
  suspendedAt: t.suspendedAt,
  revocation: t.revocation,
  grace: t.grace ?? null,
  ...presentDelivery(t.userId, t.delivery),
});

/** The create and regenerate responses: the only two that ever carry the secret. */
export const presentNewAuthToken = (
  t: AuthToken,
  creators: ReadonlyMap<string, CredentialCreator>,
  ownerRole: Role,
  token: string,
): z.output<typeof newAuthTokenSchema> => ({
  ...presentAuthToken(t, creators, ownerRole),
  token,
});
