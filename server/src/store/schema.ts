import type {
  ApplicationCredentialsTable,
  AuthTokenUsageTable,
  AuthTokensTable,
  CredentialClientColumns,
  CredentialNetworkColumns,
  GraceWindowTable,
  KeystoneTokensTable,
  OAuth2AudiencesTable,
  OAuth2ClientsTable,
  OAuth2RevokedTokensTable,
  OAuth2SigningKeysTable,
  TokenRevocationsTable,
} from './credential-tables.js';

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

/** Run-time settings (migration 0740): one JSON value per key. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
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
