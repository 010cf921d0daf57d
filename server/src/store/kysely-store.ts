import type { CacheStats } from './credential-cache.js';
import { type Kysely, sql } from 'kysely';
import { KyselyApplicationCredentialRepository } from './application-credentials.js';
import type { AuditRepository } from './audit.js';
import type { AuthTokenRepository } from './auth-tokens.js';
import { KyselyCredentialClientRepository } from './credential-clients.js';
import { KyselyDomainEventRepository } from './domain-events.js';
import { KyselyGraceWindowRepository } from './grace-windows.js';
import { InProcessJobLock, type JobLock } from './job-lock.js';
import { KyselyKeystoneTokenRepository } from './keystone-tokens.js';
import { KyselyMfaRepository } from './mfa.js';
import { KyselyNotificationRepository } from './notifications.js';
import { KyselyOAuth2AccessTokenRepository } from './oauth2-access-tokens.js';
import type { OAuth2ClientRepository } from './oauth2-clients.js';
import { KyselyRevocationRepository } from './revocations.js';
import type { Database } from './schema.js';
import { KyselyPolicyImpactRepository } from './policy-impact.js';
import { KyselyProjectRepository } from './projects.js';
import { KyselySessionRepository } from './sessions.js';
import { KyselySettingsRepository } from './settings.js';
import type { PoolCounts, Store } from './store.js';
import { KyselyTokenNoticeRepository } from './token-notices.js';
import { KyselyUserIdentityRepository } from './user-identities.js';
import type { UserRepository } from './users.js';
import { KyselyWebhookDeliveryRepository } from './webhook-deliveries.js';
import { KyselyWebhookRepository } from './webhooks.js';

/** The repositories a dialect supplies; the others are the same on both databases. */
export interface DialectRepositories<A extends AuthTokenRepository> {
  users: UserRepository;
  authTokens: A;
  oauth2Clients: OAuth2ClientRepository;
  audit: AuditRepository;
  /** One run of a job at a time; in-process unless the dialect shares the database between replicas. */
  jobLock?: JobLock;
  /** The dialect's connection pool (PostgreSQL's pg.Pool), whose counts the metrics read at scrape time. */
  pool?: { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number | undefined } };
  /** The credential memory's counters (store/credential-cache.ts). */
  cacheStats?: () => CacheStats;
  /** Statements sent to the database server so far (PostgreSQL). */
  statementCount?: () => number;
  /** Changes announced by other replicas (PostgreSQL's change listener). */
  onChange?: (kind: 'policy' | 'signing_keys', handler: () => void) => () => void;
}

/** The store over one Kysely database: the dialect's repositories plus the shared ones. */
export class KyselyStore<A extends AuthTokenRepository = AuthTokenRepository> implements Store {
  readonly users: UserRepository;
  /** Typed per dialect: the SQLite one's lookup is synchronous. */
  readonly authTokens: A;
  readonly oauth2Clients: OAuth2ClientRepository;
  readonly audit: AuditRepository;
  readonly oauth2AccessTokens: KyselyOAuth2AccessTokenRepository;
  readonly keystoneTokens: KyselyKeystoneTokenRepository;
  readonly sessions: KyselySessionRepository;
  readonly settings: KyselySettingsRepository;
  readonly policyImpact: KyselyPolicyImpactRepository;
  readonly mfa: KyselyMfaRepository;
  readonly events: KyselyDomainEventRepository;
  readonly notifications: KyselyNotificationRepository;
  readonly tokenNotices: KyselyTokenNoticeRepository;
  readonly jobLock: JobLock;
  readonly webhooks: KyselyWebhookRepository;
  readonly webhookDeliveries: KyselyWebhookDeliveryRepository;
  readonly revocations: KyselyRevocationRepository;
  readonly credentialClients: KyselyCredentialClientRepository;
  readonly graceWindows: KyselyGraceWindowRepository;
  readonly projects: KyselyProjectRepository;
  readonly userIdentities: KyselyUserIdentityRepository;
  readonly applicationCredentials: KyselyApplicationCredentialRepository;
  private readonly pool: DialectRepositories<A>['pool'];
  readonly cacheStats?: () => CacheStats;
  readonly statementCount?: () => number;
  readonly onChange?: (kind: 'policy' | 'signing_keys', handler: () => void) => () => void;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    repositories: DialectRepositories<A>,
    private readonly onClose: () => Promise<void>,
  ) {
    ({
      users: this.users,
      authTokens: this.authTokens,
      oauth2Clients: this.oauth2Clients,
      audit: this.audit,
    } = repositories);
    this.oauth2AccessTokens = new KyselyOAuth2AccessTokenRepository(db);
    this.keystoneTokens = new KyselyKeystoneTokenRepository(db);
    this.sessions = new KyselySessionRepository(db);
    this.settings = new KyselySettingsRepository(db);
    this.policyImpact = new KyselyPolicyImpactRepository(db);
    this.mfa = new KyselyMfaRepository(db);
    this.events = new KyselyDomainEventRepository(db);
    this.notifications = new KyselyNotificationRepository(db);
    this.tokenNotices = new KyselyTokenNoticeRepository(db);
    this.jobLock = repositories.jobLock ?? new InProcessJobLock();
    this.pool = repositories.pool;
    if (repositories.cacheStats) this.cacheStats = repositories.cacheStats;
    if (repositories.statementCount) this.statementCount = repositories.statementCount;
    if (repositories.onChange) this.onChange = repositories.onChange;
    this.webhooks = new KyselyWebhookRepository(db);
    this.webhookDeliveries = new KyselyWebhookDeliveryRepository(db);
    this.revocations = new KyselyRevocationRepository(db, dialect);
    this.credentialClients = new KyselyCredentialClientRepository(db);
    this.graceWindows = new KyselyGraceWindowRepository(db, dialect);
    this.projects = new KyselyProjectRepository(db);
    this.userIdentities = new KyselyUserIdentityRepository(db);
    this.applicationCredentials = new KyselyApplicationCredentialRepository(db);
  }

  poolCounts(): PoolCounts | undefined {
    const p = this.pool;
    return p && { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount, max: p.options.max ?? 10 };
  }

  async ping() {
    await sql`select 1`.execute(this.db);
  }

  close() {
    return this.onClose();
  }
}
