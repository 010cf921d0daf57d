// The credentials' Kysely table types: auth tokens, OAuth 2.0 clients, Keystone tokens and application credentials,
// with their usage, clients, networks and grace windows. schema.ts has the rest and the Database map; timestamps are
// ISO-8601 UTC strings, booleans 0/1, as there.

export interface AuthTokensTable {
  id: string;
  user_id: string;
  name: string | null;
  description: string;
  hint: string;
  digest: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  // last_used_at and last_used_ip still exist in the table but are unused since 20261122_0400: see auth_token_usage.
  regenerated_at: string | null;
  /** Space-separated scope names in vocabulary order; null: full access (scopes/vocabulary.ts). */
  scopes: string | null;
  /** Normalised CIDR ranges, space-separated; null: anywhere (security/networks.ts). */
  allowed_networks: string | null;
  /** When the token was suspended; null: active. */
  suspended_at: string | null;
  /** When a revocation (token_revocations) revoked it; null: not revoked. The digest is kept for an undo. */
  revoked_at: string | null;
  revocation_id: string | null;
  /** Who generated the current secret (migration 1020); not the owner: it still has to be delivered to them. */
  secret_issued_by: string | null;
  /** When the console confirmed the current secret was delivered, and who confirmed it; a new secret clears both. */
  delivered_at: string | null;
  delivered_by: string | null;
  /** 1: limited to the projects in auth_token_projects (possibly none left); 0: every project (migration 1030). */
  projects_limited: number;
}

/** A bulk or inactivity revocation (migration 0910): its tokens are restored by an undo or deleted after the window. */
export interface TokenRevocationsTable {
  id: string;
  kind: 'administrator' | 'inactive';
  reason: string;
  /** The inventory filter it was made from, as JSON; null: a list of ids (or the inactivity job). */
  filter: string | null;
  /** How many tokens it revoked, kept in the transaction of each batch that marks them. */
  count: number;
  created_at: string;
  created_by: string | null;
  created_by_username: string | null;
  undo_until: string;
  undone_at: string | null;
  finalised_at: string | null;
}

/** The last use of each token, apart from the wide token row so the periodic flush writes few pages. */
export interface AuthTokenUsageTable {
  token_id: string;
  last_used_at: string | null;
  last_used_ip: string | null;
}

/**
 * A credential's recent clients (migration 1000): one (address, user agent) pair, '' for an unknown address or an
 * absent user agent. At most 20 per credential, none older than 30 days (store/credential-clients.ts).
 */
export interface CredentialClientColumns {
  ip: string;
  user_agent: string;
  first_seen_at: string;
  last_seen_at: string;
  /** Approximate: uses are counted in memory and added at each flush. PostgreSQL's bigint reads as a string. */
  count: number | string;
}

/** A network (/24 or /48) a credential was used from (migration 1000); at most 100 per credential. */
export interface CredentialNetworkColumns {
  prefix: string;
  first_seen_at: string;
  last_seen_at: string;
}

export interface KeystoneTokensTable {
  digest: string;
  user_id: string;
  audit_id: string;
  /** JSON array of the Keystone methods that produced the token. */
  methods: string;
  domain_scoped: number;
  issued_at: string;
  expires_at: string;
  /** The project a project-scoped token is scoped to (migration 20261211_1010), else null. */
  project_id: string | null;
  /** JSON array of the project roles it was issued with; '[]' when not project-scoped. */
  roles: string;
  /** The application credential it was minted from (migration 20261211_1020), else null. */
  application_credential_id: string | null;
}

export interface OAuth2ClientsTable {
  id: string;
  user_id: string;
  name: string;
  description: string;
  /** JSON array of { audience, scope }. */
  scopes: string;
  secret_digest: string;
  secret_hint: string;
  secret_version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  secret_reset_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  /** Normalised CIDR ranges, space-separated; null: anywhere (security/networks.ts). */
  allowed_networks: string | null;
  /** When the client was suspended; null: active. */
  suspended_at: string | null;
  /** Who generated the current secret (migration 1020); not the owner: it still has to be delivered to them. */
  secret_issued_by: string | null;
  /** When the console confirmed the current secret was delivered, and who confirmed it; a new secret clears both. */
  delivered_at: string | null;
  delivered_by: string | null;
  /** 1: limited to the projects in oauth2_client_projects (possibly none left); 0: every project. */
  projects_limited: number;
}

export interface OAuth2SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: string;
  /** AES-256-GCM under a key derived from the session secret; never the JWK in clear. */
  private_jwk_encrypted: string;
  created_at: string;
  retired_at: string | null;
}

export interface OAuth2RevokedTokensTable {
  jti: string;
  client_id: string;
  revoked_at: string;
  expires_at: string;
}

/** Who owns an OAuth 2.0 audience (F-9); `audience` is its normalised key. */
export interface OAuth2AudiencesTable {
  audience: string;
  owner_user_id: string;
  created_at: string;
}

/**
 * A credential's previous secret while its grace window is open (migration 1010): the digest only, and what the
 * periodic flush recorded of its uses. The same shape for auth tokens and OAuth clients.
 */
export interface GraceWindowTable {
  credential_id: string;
  digest: string;
  /** The previous secret's hint (prefix and last four), to tell the owner which secret it is. */
  hint: string;
  started_at: string;
  valid_until: string;
  last_used_at: string | null;
  last_used_ip: string | null;
  last_used_user_agent: string | null;
  use_count: number;
  /** JSON array of `[ip, userAgent]` pairs the owner was notified of in this window. */
  notified_clients: string;
}

/** A Keystone application credential (issue 21, point 3): the secret's digest, never the secret. */
export interface ApplicationCredentialsTable {
  id: string;
  user_id: string;
  project_id: string;
  name: string;
  description: string;
  secret_digest: string;
  hint: string;
  /** JSON array of project roles. */
  roles: string;
  unrestricted: number;
  /** JSON array of { id, service, method, path }. */
  access_rules: string;
  expires_at: string | null;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
}
