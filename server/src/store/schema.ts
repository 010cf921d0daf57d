/** Kysely table types. Timestamps are ISO-8601 UTC strings, booleans 0/1: the same on SQLite and PostgreSQL. */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: 'user' | 'admin';
  disabled: number;
  password_hash: string;
  api_tokens_enabled: number;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
  /** Migration 1100: 'service' is a program's own identity (no password, no console sign-in). */
  kind: 'person' | 'service';
  /** A service account's owning person; null: the administrators (and always null for a person). */
  owner_user_id: string | null;
  description: string;
}

/** An OpenID provider's account linked to a user (20261211_1200_oidc_identities). */
export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
}

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

export interface AuditEventsTable {
  id: string;
  at: string;
  action: string;
  outcome: string;
  actor_id: string | null;
  actor_username: string | null;
  target_user_id: string | null;
  token_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string | null;
}

export interface SessionsTable {
  sid_digest: string;
  user_id: string | null;
  data: string;
  expires_at: string;
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

/** Run-time settings (migration 0740): one JSON value per key. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Who owns an OAuth 2.0 audience (F-9); `audience` is its normalised key. */
export interface OAuth2AudiencesTable {
  audience: string;
  owner_user_id: string;
  created_at: string;
}

/** An authenticator app's secret (sealed under a key derived from the session secret); confirmed once a code matched. */
export interface UserMfaTotpTable {
  user_id: string;
  secret_encrypted: string;
  created_at: string;
  confirmed_at: string | null;
  /** The RFC 6238 time step of the last accepted code: a code of this step or an earlier one is refused. */
  last_used_step: number | string | null;
}

export interface UserRecoveryCodesTable {
  id: string;
  user_id: string;
  /** HMAC-SHA256 of the normalised code under a key derived from the session secret. */
  digest: string;
  created_at: string;
  used_at: string | null;
}

export interface UserWebauthnCredentialsTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number | string;
  /** JSON array of AuthenticatorTransport. */
  transports: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** The domain events' outbox (migration 0900): written with the change's audit row, dispatched by a job. */
export interface DomainEventsTable {
  id: string;
  at: string;
  type: string;
  /** The user the event is about (a token's owner, the user changed); null for none. */
  user_id: string | null;
  token_id: string | null;
  /** JSON: the event's `data` (events/catalog.ts); never a secret. */
  data: string;
  dispatched_at: string | null;
}

/** An administrator's webhook endpoint (migration 0930). */
export interface WebhooksTable {
  id: string;
  url: string;
  description: string;
  /** JSON array of event types and wildcards (`auth_token.*`). */
  events: string;
  /** The signing secret, sealed (webhooks/secret.ts); never in clear. */
  secret_sealed: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  disabled_at: string | null;
}

/** One event for one endpoint (migration 0930): its id is the `webhook-id` header. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The body sent, JSON: `{ type, timestamp, data }`. */
  payload: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  /** Attempts allowed before it fails (a redelivery allows one more). */
  max_attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  /** Why the last attempt failed, in words; never a secret or the URL's query. */
  last_error: string | null;
  created_at: string;
}

/** A user's notifications (migration 0920); `dedupe_key` is unique per user (an event id, a threshold's key). */
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  message: string;
  /** A console path (e.g. `/settings/auth-tokens?token=<id>`); null: none. */
  link: string | null;
  token_id: string | null;
  created_at: string;
  read_at: string | null;
  dedupe_key: string;
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

/** Keystone projects in the one domain (migration 20261211_1000). */
export interface ProjectsTable {
  id: string;
  domain_id: string;
  name: string;
  /** The name in lower case: unique, so two projects never differ only in case. */
  name_key: string;
  description: string;
  enabled: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

/** One role of one user in one project. */
export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: string;
  created_at: string;
  created_by: string | null;
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

export interface Database {
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  auth_token_usage: AuthTokenUsageTable;
  audit_events: AuditEventsTable;
  sessions: SessionsTable;
  keystone_tokens: KeystoneTokensTable;
  oauth2_clients: OAuth2ClientsTable;
  oauth2_signing_keys: OAuth2SigningKeysTable;
  oauth2_revoked_tokens: OAuth2RevokedTokensTable;
  settings: SettingsTable;
  oauth2_audiences: OAuth2AudiencesTable;
  user_mfa_totp: UserMfaTotpTable;
  user_recovery_codes: UserRecoveryCodesTable;
  user_webauthn_credentials: UserWebauthnCredentialsTable;
  domain_events: DomainEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  notifications: NotificationsTable;
  token_revocations: TokenRevocationsTable;
  auth_token_clients: CredentialClientColumns & { token_id: string };
  oauth2_client_clients: CredentialClientColumns & { client_id: string };
  auth_token_networks: CredentialNetworkColumns & { token_id: string };
  oauth2_client_networks: CredentialNetworkColumns & { client_id: string };
  auth_token_grace: GraceWindowTable;
  oauth2_client_grace: GraceWindowTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  user_identities: UserIdentitiesTable;
  auth_token_projects: { token_id: string; project_id: string };
  oauth2_client_projects: { client_id: string; project_id: string };
  application_credentials: ApplicationCredentialsTable;
}
