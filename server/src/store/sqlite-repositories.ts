import type SqliteDatabase from 'better-sqlite3';
import { KyselyAuditRepository } from './audit.js';
import type { AuditEvent } from './audit.js';
import type { LastUse, NewAuthToken, PreviousSecretCredential, TokenCredential } from './auth-tokens.js';
import {
  AUTH_TOKEN_TABLES,
  type ClientUse,
  type NewNetworkEventOf,
  MAX_NETWORKS_PER_CREDENTIAL,
  clientParams,
  clientStatements,
  cutoffOf,
  networkParams,
  inLockOrder,
  inUseOrder,
  newNetworkUse,
} from './credential-clients.js';
import { domainEventOf } from '../events/catalog.js';
import { domainEventRow } from './domain-events.js';
import { auditRow } from './rows.js';
import { tokenCredential } from './auth-token-rows.js';
import { limitColumn } from './credential-projects.js';
import { KyselyAuthTokenRepository } from './kysely-auth-token-repository.js';
import type { Db } from './rows.js';
import { storedScopes } from '../scopes/vocabulary.js';
import { storedNetworks } from '../security/networks.js';
import { SqliteAuditGroupCommit } from './sqlite-audit-group-commit.js';
import { type CredentialCache, CredentialCaches } from './credential-cache.js';
import { SqliteGenerationWatch } from './sqlite-credential-cache.js';
import { KyselyUserRepository, type NewUser, type Role } from './users.js';

/** Runs a synchronous better-sqlite3 write while holding Kysely's single connection, so no Kysely transaction interleaves. */
export type OnConnection = (write: () => void) => Promise<void>;

export function onConnection(db: Db): OnConnection {
  return (write) => db.connection().execute(async () => write());
}

/** A bulk seed on one connection with a large page cache for the random index inserts (§5 of ADR 0004). */
function withLargeCache(raw: SqliteDatabase.Database, write: () => void): void {
  const cacheSize = raw.pragma('cache_size', { simple: true }) as number;
  raw.pragma('cache_size = -262144');
  try {
    write();
  } finally {
    raw.pragma(`cache_size = ${cacheSize}`);
  }
}

/**
 * The verification lookup's row in raw mode: token id, expires at, the owner's columns, then scopes, networks,
 * suspension, revocation, and the project limit (ids; null: none).
 */
type CredentialTuple = [
  string,
  string | null,
  string,
  string,
  string,
  Role,
  number,
  number,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

const TOKEN_PROJECTS = limitColumn('sqlite', 'auth_token_projects', 'token_id', 't');

/**
 * The verification lookup: the covering index alone (no table row), joined to the owner by primary key; a limited
 * token's projects by the link table's primary key (store/credential-projects.ts).
 */
export const CREDENTIAL_LOOKUP = `select t.id, t.expires_at, u.id, u.username, u.display_name, u.role, u.disabled,
       u.api_tokens_enabled, t.scopes, t.allowed_networks, t.suspended_at, t.revoked_at, ${TOKEN_PROJECTS}
  from auth_tokens t indexed by auth_tokens_digest_covering join users u on u.id = t.user_id
 where t.digest = ?`;

/**
 * The lookup of a previous secret (issue 20, grace windows): read only after CREDENTIAL_LOOKUP found nothing; the same
 * columns, then the window's start and end.
 */
export const PREVIOUS_SECRET_LOOKUP = `select t.id, t.expires_at, u.id, u.username, u.display_name, u.role, u.disabled,
       u.api_tokens_enabled, t.scopes, t.allowed_networks, t.suspended_at, t.revoked_at, ${TOKEN_PROJECTS},
       g.started_at, g.valid_until
  from auth_token_grace g join auth_tokens t on t.id = g.credential_id join users u on u.id = t.user_id
 where g.digest = ?`;

/**
 * Auth tokens on the embedded database: the credential lookup is one prepared raw-mode statement on the covering
 * index, answered synchronously through the credential cache; last uses and seeding are prepared statements in one
 * transaction (docs/decisions/0004-performance-deviations.md §3, §5).
 */
export class SqliteAuthTokenRepository extends KyselyAuthTokenRepository {
  private readonly credentialStatement: SqliteDatabase.Statement<[string], CredentialTuple>;
  /** The memories' counters, read by the metrics (store.cacheStats). */
  readonly caches: CredentialCaches;
  private readonly cache: CredentialCache<TokenCredential>;
  private readonly previousStatement: SqliteDatabase.Statement<[string], [...CredentialTuple, string, string]>;
  /** Previous secrets, remembered under the same generation (the grace table's triggers move it). */
  private readonly previousCache: CredentialCache<PreviousSecretCredential>;
  private readonly readCredentialOf = (digest: string) => this.readCredential(digest);
  private readonly readPreviousOf = (digest: string) => this.readPreviousSecret(digest);
  private readonly insertTokens: (tokens: NewAuthToken[]) => void;
  private readonly updateLastUses: (
    uses: LastUse[],
    clients: readonly ClientUse[],
    newNetworkEvent: NewNetworkEventOf | undefined,
  ) => AuditEvent[];

  constructor(
    db: Db,
    private readonly raw: SqliteDatabase.Database,
    private readonly connection: OnConnection,
    cacheSize: number,
  ) {
    super(db);
    this.credentialStatement = raw.prepare<[string], CredentialTuple>(CREDENTIAL_LOOKUP).raw(true);
    this.caches = new CredentialCaches(cacheSize);
    const generation = new SqliteGenerationWatch(raw, this.caches);
    this.cache = this.caches.create(generation);
    this.previousStatement = raw
      .prepare<[string], [...CredentialTuple, string, string]>(PREVIOUS_SECRET_LOOKUP)
      .raw(true);
    this.previousCache = this.caches.create(generation);
    const insertToken = raw.prepare(
      `insert into auth_tokens (id, user_id, name, description, hint, digest, created_at, created_by, expires_at,
                                scopes, allowed_networks)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertTokens = raw.transaction((tokens: NewAuthToken[]) => {
      for (const t of tokens)
        insertToken.run(
          t.id,
          t.userId,
          t.name,
          t.description,
          t.hint,
          t.digest,
          t.createdAt,
          t.createdBy,
          t.expiresAt,
          storedScopes(t.scopes ?? null),
          storedNetworks(t.allowedNetworks),
        );
    });
    // Same rules as the Kysely version: keep the newer use, ignore uses older than a regenerate.
    const updateLastUse = raw.prepare(
      `insert into auth_token_usage (token_id, last_used_at, last_used_ip)
       select id, ?, ? from auth_tokens where id = ? and (regenerated_at is null or regenerated_at < ?)
       on conflict (token_id) do update set last_used_at = excluded.last_used_at, last_used_ip = excluded.last_used_ip
        where auth_token_usage.last_used_at is null or auth_token_usage.last_used_at < excluded.last_used_at`,
    );
    const writeClients = sqliteClientWriter(raw);
    this.updateLastUses = raw.transaction(
      (uses: LastUse[], clients: readonly ClientUse[], newNetworkEvent: NewNetworkEventOf | undefined) => {
        for (const u of uses) updateLastUse.run(u.at, u.ip, u.tokenId, u.at);
        return writeClients(clients, Date.now(), newNetworkEvent);
      },
    );
  }

  /** Synchronous: the verifier takes no promise and no microtask on this path. */
  override findCredential(digest: string): TokenCredential | undefined {
    return this.cache.find(digest, this.readCredentialOf);
  }

  /** Synchronous too; the window's end is the caller's to judge, as the expiry is. */
  override findPreviousSecret(digest: string): PreviousSecretCredential | undefined {
    return this.previousCache.find(digest, this.readPreviousOf);
  }

  private readPreviousSecret(digest: string): PreviousSecretCredential | undefined {
    const r = this.previousStatement.get(digest);
    if (!r) return undefined;
    return Object.freeze({ ...this.toCredential(r), grace: Object.freeze({ startedAt: r[13], until: r[14] }) });
  }

  private readCredential(digest: string): TokenCredential | undefined {
    const r = this.credentialStatement.get(digest);
    return r && this.toCredential(r);
  }

  private toCredential(r: CredentialTuple | [...CredentialTuple, string, string]): TokenCredential {
    const owner = Object.freeze({
      id: r[2],
      username: r[3],
      displayName: r[4],
      role: r[5],
      disabled: r[6] === 1,
      apiTokensEnabled: r[7] === 1,
    });
    return Object.freeze(tokenCredential(r[0], r[1], owner, r[8], r[9], r[10], r[11], r[12]));
  }

  override async recordLastUses(
    uses: LastUse[],
    clients: readonly ClientUse[] = [],
    newNetworkEvent?: NewNetworkEventOf,
  ): Promise<AuditEvent[]> {
    if (uses.length === 0 && clients.length === 0) return [];
    let events: AuditEvent[] = [];
    await this.connection(() => {
      events = this.updateLastUses(uses, clients, newNetworkEvent);
    });
    return events;
  }

  override async bulkInsert(tokens: NewAuthToken[]) {
    await this.connection(() => withLargeCache(this.raw, () => this.insertTokens(tokens)));
  }
}

/**
 * The auth tokens' client uses as prepared statements, run inside the flush's transaction: the same statements and
 * parameters as store/credential-clients.ts writeClientUses (one writer: no lock order needed, kept anyway).
 */
function sqliteClientWriter(raw: SqliteDatabase.Database) {
  const t = AUTH_TOKEN_TABLES;
  const q = clientStatements(t);
  const upsertClient = raw.prepare(q.upsertClient);
  const trimClients = raw.prepare(q.trimClients);
  const upsertNetwork = raw.prepare(q.upsertNetwork);
  const countNetworks = raw.prepare(q.countNetworks).pluck();
  const trimNetworks = raw.prepare(q.trimNetworks);
  const owner = raw.prepare(q.owner);
  const insertAuditRow = raw.prepare(
    `insert into audit_events (id, at, action, outcome, actor_id, actor_username, target_user_id, token_id, ip,
                               user_agent, details)
     values (@id, @at, @action, @outcome, @actor_id, @actor_username, @target_user_id, @token_id, @ip, @user_agent,
             @details)`,
  );
  const insertEvent = raw.prepare(
    `insert into domain_events (id, at, type, user_id, token_id, data, dispatched_at)
     values (@id, @at, @type, @user_id, @token_id, @data, @dispatched_at) on conflict (id) do nothing`,
  );
  return (clients: readonly ClientUse[], nowMs: number, newNetworkEvent: NewNetworkEventOf | undefined) => {
    const written: AuditEvent[] = [];
    if (clients.length === 0) return written;
    const cutoff = cutoffOf(nowMs);
    const fresh: ClientUse[] = [];
    // The bound and the retention are applied once per credential, after all its pairs (in lock order, a credential's
    // pairs are adjacent): the 20 seen last of all of them are the same as trimming after each, at half the cost
    // when a token's two pairs are both new (the trim was most of a first flush's time).
    let trim: unknown[] | undefined;
    for (const u of inLockOrder(clients)) {
      if (trim && trim[0] !== u.credentialId) {
        trimClients.run(...trim);
        trim = undefined;
      }
      const p = clientParams(t, u, cutoff);
      if (upsertClient.run(...p.upsertClient).changes === 0 || u.fresh === false) continue;
      trim = p.trimClients;
      fresh.push(u);
    }
    if (trim) trimClients.run(...trim);
    for (const u of inUseOrder(fresh)) {
      const p = networkParams(u);
      if (!p) continue;
      const net = upsertNetwork.get(...p.upsertNetwork) as { first_seen_at: string } | undefined;
      if (net?.first_seen_at !== u.lastAt) continue;
      const n = countNetworks.get(...p.countNetworks) as number;
      if (n > MAX_NETWORKS_PER_CREDENTIAL) trimNetworks.run(...p.trimNetworks);
      if (n <= 1 || !newNetworkEvent) continue;
      const o = owner.get(...p.owner) as { user_id: string; name: string } | undefined;
      if (!o) continue;
      const event = newNetworkEvent(newNetworkUse(u, o, p.prefix));
      insertAuditRow.run(auditRow(event));
      const domain = domainEventOf(event);
      if (domain) insertEvent.run(domainEventRow(domain));
      written.push(event);
    }
    return written;
  };
}

/** Users on the embedded database: seeding through one prepared statement in one transaction. */
export class SqliteUserRepository extends KyselyUserRepository {
  private readonly insertUsers: (users: NewUser[]) => void;

  constructor(
    db: Db,
    private readonly raw: SqliteDatabase.Database,
    private readonly connection: OnConnection,
  ) {
    super(db);
    const insertUser = raw.prepare(
      `insert into users (id, username, display_name, role, disabled, password_hash, api_tokens_enabled, created_at,
                          updated_at) values (?, ?, ?, ?, 0, ?, ?, ?, ?)`,
    );
    this.insertUsers = raw.transaction((users: NewUser[]) => {
      for (const u of users)
        insertUser.run(
          u.id,
          u.username,
          u.displayName,
          u.role,
          u.passwordHash,
          u.apiTokensEnabled ? 1 : 0,
          u.createdAt,
          u.createdAt,
        );
    });
  }

  override async bulkInsert(users: NewUser[]) {
    await this.connection(() => withLargeCache(this.raw, () => this.insertUsers(users)));
  }
}

/** The audit log on the embedded database: appended rows are group-committed. */
export class SqliteAuditRepository extends KyselyAuditRepository {
  private readonly groupCommit: SqliteAuditGroupCommit;

  constructor(db: Db, raw: SqliteDatabase.Database, connection: OnConnection) {
    super(db);
    this.groupCommit = new SqliteAuditGroupCommit(raw, connection);
  }

  override append(event: AuditEvent): Promise<void> {
    return this.groupCommit.append(event);
  }
}
