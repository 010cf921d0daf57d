import type { ApplicationCredentialRepository } from './application-credentials.js';
import type { AuditRepository } from './audit.js';
import type { AuthTokenRepository } from './auth-tokens.js';
import type { CacheStats } from './credential-cache.js';
import type { CredentialClientRepository } from './credential-clients.js';
import type { DomainEventRepository } from './domain-events.js';
import type { GraceWindowRepository } from './grace-windows.js';
import type { JobLock } from './job-lock.js';
import type { KeystoneTokenRepository } from './keystone-tokens.js';
import type { MfaRepository } from './mfa.js';
import type { NotificationRepository } from './notifications.js';
import type { OAuth2AccessTokenRepository } from './oauth2-access-tokens.js';
import type { OAuth2ClientRepository } from './oauth2-clients.js';
import type { PolicyImpactRepository } from './policy-impact.js';
import type { ProjectRepository } from './project-types.js';
import type { RevocationRepository } from './revocation-types.js';
import type { SessionRepository } from './sessions.js';
import type { SettingsRepository } from './settings.js';
import type { TokenNoticeRepository } from './token-notices.js';
import type { UserIdentityRepository } from './user-identities.js';
import type { UserRepository } from './users.js';
import type { WebhookDeliveryRepository } from './webhook-deliveries.js';
import type { WebhookRepository } from './webhooks.js';

export type * from './application-credentials.js';
export type * from './audit.js';
export type * from './auth-tokens.js';
export type * from './credential-cache.js';
export type * from './credential-clients.js';
export type * from './credential-projects.js';
export type * from './domain-events.js';
export type * from './grace-windows.js';
export type * from './job-lock.js';
export type * from './keystone-tokens.js';
export type * from './mfa.js';
export type * from './notifications.js';
export type * from './oauth2-access-tokens.js';
export type * from './oauth2-clients.js';
export type * from './policy-impact.js';
export type * from './project-types.js';
export type * from './revocation-types.js';
export type * from './sessions.js';
export type * from './settings.js';
export type * from './token-notices.js';
export type * from './user-identities.js';
export type * from './users.js';
export type * from './webhook-deliveries.js';
export type * from './webhooks.js';

/** The persistence layer: one repository per aggregate, made for SQLite or PostgreSQL by createSqliteStore / createPostgresStore. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly users: UserRepository;
  readonly authTokens: AuthTokenRepository;
  readonly oauth2Clients: OAuth2ClientRepository;
  readonly oauth2AccessTokens: OAuth2AccessTokenRepository;
  readonly keystoneTokens: KeystoneTokenRepository;
  readonly sessions: SessionRepository;
  readonly mfa: MfaRepository;
  readonly audit: AuditRepository;
  readonly settings: SettingsRepository;
  /** How many existing credentials a proposed policy would affect (policy/service.ts). */
  readonly policyImpact: PolicyImpactRepository;
  /** The domain events' outbox (events/catalog.ts). */
  readonly events: DomainEventRepository;
  /** A user's notifications (issue 19, point 5). */
  readonly notifications: NotificationRepository;
  /** The expiry and inactivity notices' reads over auth tokens. */
  readonly tokenNotices: TokenNoticeRepository;
  /** Background jobs run one at a time per name, across replicas on PostgreSQL (jobs/runner.ts). */
  readonly jobLock: JobLock;
  /** Webhook endpoints and their deliveries (webhooks/). */
  readonly webhooks: WebhookRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  /** The retention of credentials' recent clients (issue 20); the clients themselves are read per credential. */
  readonly credentialClients: CredentialClientRepository;
  /** Bulk and inactivity revocations of auth tokens (issue 19). */
  readonly revocations: RevocationRepository;
  /** Previous secrets kept working in a grace window after a regenerate or a secret reset (issue 20). */
  readonly graceWindows: GraceWindowRepository;
  /** Keystone projects and who holds which role in them (issue 21). */
  readonly projects: ProjectRepository;
  /** Users' accounts at the OpenID provider (issue 21, point 6). */
  readonly userIdentities: UserIdentityRepository;
  /** Keystone application credentials (issue 21, point 3). */
  readonly applicationCredentials: ApplicationCredentialRepository;
  /**
   * The credential memory's counters for the metrics: hits, misses, invalidations, whether it is trusted now, and the
   * invalidation lags since the previous call (drained). ADR 0014.
   */
  cacheStats?(): CacheStats;
  /** The connection pool's counts, read at scrape time by the metrics; absent or undefined without a pool (SQLite). */
  poolCounts?(): PoolCounts | undefined;
  /** Statements this store has sent to the database server (PostgreSQL): proof that a warm lookup sends none. */
  statementCount?(): number;
  /**
   * Calls `handler` when any replica changes the lifecycle policy or the OAuth signing keys (PostgreSQL: notified at
   * commit, within a second; also after the notification link was lost). Absent: poll. Returns the unsubscribe.
   */
  onChange?(kind: 'policy' | 'signing_keys', handler: () => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A connection pool's state: connections open (in use or idle), idle ones, and callers waiting for one. */
export interface PoolCounts {
  total: number;
  idle: number;
  waiting: number;
  /** The pool's bound (TESSERA_PG_POOL_MAX). */
  max: number;
}
