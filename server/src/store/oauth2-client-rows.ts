import type { Selectable } from 'kysely';
import { networkList } from '../security/networks.js';
import type { OAuth2Client, OAuth2Scope } from './oauth2-client-types.js';
import type { OAuth2ClientsTable } from './credential-tables.js';
import type { CredentialProject } from './credential-projects.js';

/** An OAuth 2.0 client's row as the domain client: shared by the repository and the administrators' inventory. */
export const toOAuth2Client = (
  r: Selectable<OAuth2ClientsTable>,
  projects: CredentialProject[] | null,
): OAuth2Client => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  description: r.description,
  scopes: JSON.parse(r.scopes) as OAuth2Scope[],
  secretHint: r.secret_hint,
  secretVersion: Number(r.secret_version),
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  secretResetAt: r.secret_reset_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  allowedNetworks: networkList(r.allowed_networks),
  suspendedAt: r.suspended_at,
  projects,
  delivery: { issuedBy: r.secret_issued_by, deliveredAt: r.delivered_at, deliveredBy: r.delivered_by },
});
