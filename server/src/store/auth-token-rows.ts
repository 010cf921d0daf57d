import type { Selectable } from 'kysely';
import { storedScopeMask, storedScopes } from '../scopes/vocabulary.js';
import { allowListOf, networkList, storedNetworks } from '../security/networks.js';
import type { AuthToken, NewAuthToken, TokenCredential } from './auth-tokens.js';
import { projectIdsOf, type CredentialProject } from './credential-projects.js';
import type { AuthTokensTable, AuthTokenUsageTable } from './credential-tables.js';

// An auth token's rows and what they become: the domain token for lists and reads, the row a new token is written
// as, and the verification path's answer. Shared by the repository, the inventory query and the dialects' lookups.

export type TokenRow = Omit<Selectable<AuthTokensTable>, 'digest'> &
  Pick<Selectable<AuthTokenUsageTable>, 'last_used_at' | 'last_used_ip'> & {
    revocation_kind: 'administrator' | 'inactive' | null;
    revocation_reason: string | null;
    revocation_by: string | null;
    revocation_by_username: string | null;
    revocation_undo_until: string | null;
  };

/** A token row's revocation, read through `left join token_revocations as r on r.id = t.revocation_id`. */
function revocationOf(r: TokenRow): AuthToken['revocation'] {
  if (r.revoked_at === null || r.revocation_id === null) return null;
  return {
    id: r.revocation_id,
    kind: r.revocation_kind ?? 'administrator',
    reason: r.revocation_reason ?? '',
    revokedAt: r.revoked_at,
    revokedBy: r.revocation_by ? { id: r.revocation_by, username: r.revocation_by_username ?? '' } : null,
    undoUntil: r.revocation_undo_until ?? r.revoked_at,
  };
}

/** `projects`: the limit as store/credential-projects.ts limitOf reads it (null: every project). */
export const toToken = (r: TokenRow, projects: CredentialProject[] | null): AuthToken => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  description: r.description,
  hint: r.hint,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  lastUsedIp: r.last_used_ip,
  regeneratedAt: r.regenerated_at,
  scopes: r.scopes === null ? null : r.scopes.split(' '),
  allowedNetworks: networkList(r.allowed_networks),
  suspendedAt: r.suspended_at,
  projects,
  revocation: revocationOf(r),
  delivery: { issuedBy: r.secret_issued_by, deliveredAt: r.delivered_at, deliveredBy: r.delivered_by },
});

// Read from auth_tokens as t left join auth_token_usage as u (last use lives in its own narrow table) left join
// token_revocations as r on r.id = t.revocation_id (a revoked token's revocation).
export const tokenColumns = [
  't.id',
  't.user_id',
  't.name',
  't.description',
  't.hint',
  't.created_at',
  't.created_by',
  't.expires_at',
  'u.last_used_at',
  'u.last_used_ip',
  't.regenerated_at',
  't.scopes',
  't.allowed_networks',
  't.suspended_at',
  't.revoked_at',
  't.revocation_id',
  'r.kind as revocation_kind',
  'r.reason as revocation_reason',
  'r.created_by as revocation_by',
  'r.created_by_username as revocation_by_username',
  'r.undo_until as revocation_undo_until',
  't.secret_issued_by',
  't.delivered_at',
  't.delivered_by',
  't.projects_limited',
] as const;

export const tokenRow = (t: NewAuthToken) => ({
  id: t.id,
  user_id: t.userId,
  name: t.name,
  description: t.description,
  hint: t.hint,
  digest: t.digest,
  created_at: t.createdAt,
  created_by: t.createdBy,
  expires_at: t.expiresAt,
  scopes: storedScopes(t.scopes ?? null),
  allowed_networks: storedNetworks(t.allowedNetworks),
  secret_issued_by: t.createdBy,
  // A limit is written with its links (store/credential-projects.ts writeProjectLimit), never by this row alone.
  projects_limited: 0,
});

/**
 * The verification path's answer from a looked-up row: the scope mask and the compiled allow-list come from
 * remembered parses of the stored text (scopes/vocabulary.ts, security/networks.ts, store/credential-projects.ts), so
 * nothing is parsed per request.
 */
export function tokenCredential(
  tokenId: string,
  expiresAt: string | null,
  user: TokenCredential['user'],
  scopes: string | null,
  allowedNetworks: string | null,
  suspendedAt: string | null,
  revokedAt: string | null,
  projects: string | null,
): TokenCredential {
  return {
    tokenId,
    expiresAt,
    user,
    scopes: storedScopeMask(scopes),
    fullAccess: scopes === null,
    networks: allowListOf(allowedNetworks),
    suspended: suspendedAt !== null,
    revoked: revokedAt !== null,
    projects: projectIdsOf(projects),
  };
}
