import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import type { AuditEvent, LastUse, NewAuthToken, NewUser, Role, TokenCredential } from './store.js';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';

/** The verification lookup's row in raw mode: token id, expires at, then the owner's columns. */
type CredentialTuple = [string, string | null, string, string, string, Role, number, number];

/** How many looked-up credentials (and unknown digests) the embedded store keeps in memory by default. */
export const DEFAULT_CREDENTIAL_CACHE_SIZE = 50_000;
/** At most this long (ms) before a change another process made to the same database file is seen. */
export const GENERATION_RECHECK_MS = 50;

export interface SqliteStoreOptions {
  /** Credentials kept in memory between lookups; 0 reads the tables on every verification. */
  credentialCacheSize?: number;
}

/** Opens (creating if needed) the embedded store in dataDir and applies pending migrations. */
export async function createSqliteStore(
  dataDir: string,
  file = 'tessera.sqlite',
  options: SqliteStoreOptions = {},
): Promise<KyselyStore> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const raw = new SqliteDatabase(path.join(dataDir, file));
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  await migrateToLatest(db);

  const store = new KyselyStore(db, 'sqlite', async () => {
    await db.destroy();
  });
  // The verification path runs on every API call: one statement prepared once, not compiled per request. SQLite
  // prefers the unique digest index, which leaves a random read of the wide token row; the covering index
  // (digest, id, user_id, expires_at) answers from the index alone (EXPLAIN QUERY PLAN: COVERING INDEX).
  // Rows come back as arrays (raw mode): building a keyed object per row goes through V8's slow property-definition
  // path for every column, which under load cost more than the B-tree lookup itself.
  const findCredential = raw
    .prepare<[string], CredentialTuple>(
      `select t.id, t.expires_at, u.id, u.username, u.display_name, u.role, u.disabled, u.api_tokens_enabled
         from auth_tokens t indexed by auth_tokens_digest_covering join users u on u.id = t.user_id
        where t.digest = ?`,
    )
    .raw(true);
  const readCredential = (digest: string): TokenCredential | undefined => {
    const r = findCredential.get(digest);
    return (
      r &&
      Object.freeze({
        tokenId: r[0],
        expiresAt: r[1],
        user: Object.freeze({
          id: r[2],
          username: r[3],
          displayName: r[4],
          role: r[5],
          disabled: r[6] === 1,
          apiTokensEnabled: r[7] === 1,
        }),
      })
    );
  };

  // Credentials already looked up, and digests found to be unknown (null), kept while the credential generation
  // (migration 0500: incremented by triggers in the transaction of every change that can alter an answer) has not
  // moved. A lookup in a million tokens costs 10-50 µs (its leaf page is rarely in SQLite's page cache); an answer
  // from memory well under one. Reading the generation is itself a statement with a read transaction (file-lock
  // system calls, ~4 µs here), so it is read again only when this connection has written anything since the last
  // read (sqlite3_total_changes(), which costs no I/O: this process's own changes are seen by the very next lookup,
  // as without the memory) and at least every GENERATION_RECHECK_MS (a change another process makes to the same
  // file). While a transaction is open on this connection (Kysely's, across awaits) the lookup reads the tables and
  // leaves the memory alone: what it would see may still be rolled back. Expiry is judged by the caller at every use.
  const cacheSize = options.credentialCacheSize ?? DEFAULT_CREDENTIAL_CACHE_SIZE;
  const readGeneration = raw.prepare<[], number>('select seq from credential_generation where id = 1').pluck();
  const readTotalChanges = raw.prepare<[], number>('select total_changes()').pluck();
  const remembered = new Map<string, TokenCredential | null>();
  let rememberedAt: number | undefined;
  let changesSeen = -1;
  let checkedAt = 0;
  store.findTokenCredentialNow =
    cacheSize <= 0
      ? readCredential
      : (digest: string): TokenCredential | undefined => {
          if (raw.inTransaction) return readCredential(digest);
          const changes = readTotalChanges.get()!;
          const now = Date.now();
          if (changes !== changesSeen || now - checkedAt >= GENERATION_RECHECK_MS) {
            changesSeen = changes;
            checkedAt = now;
            const generation = readGeneration.get();
            if (generation !== rememberedAt) {
              remembered.clear();
              rememberedAt = generation;
            }
          }
          const known = remembered.get(digest);
          if (known !== undefined) return known ?? undefined;
          const cred = readCredential(digest);
          // Oldest first out: a bounded memory that a spray of unknown digests cannot grow.
          if (remembered.size >= cacheSize) remembered.delete(remembered.keys().next().value!);
          remembered.set(digest, cred ?? null);
          return cred;
        };
  store.findTokenCredential = async (digest: string) => store.findTokenCredentialNow!(digest);

  // Seeding a million rows: one prepared statement in one transaction, with a large page cache for the random
  // index inserts, is ~1.6× faster than compiled multi-row inserts (see docs/benchmarks.md).
  const insertToken = raw.prepare(
    `insert into auth_tokens (id, user_id, name, description, hint, digest, created_at, created_by, expires_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertUser = raw.prepare(
    `insert into users (id, username, display_name, role, disabled, password_hash, api_tokens_enabled, created_at,
                        updated_at) values (?, ?, ?, ?, 0, ?, ?, ?, ?)`,
  );
  const insertTokens = raw.transaction((tokens: NewAuthToken[]) => {
    for (const t of tokens)
      insertToken.run(t.id, t.userId, t.name, t.description, t.hint, t.digest, t.createdAt, t.createdBy, t.expiresAt);
  });
  const insertUsers = raw.transaction((users: NewUser[]) => {
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
  const bulk =
    <T>(insert: (rows: T[]) => void) =>
    (rows: T[]) =>
      // Holding Kysely's single connection keeps its own transactions from interleaving with this synchronous one.
      db.connection().execute(async () => {
        const cacheSize = raw.pragma('cache_size', { simple: true }) as number;
        raw.pragma('cache_size = -262144');
        try {
          insert(rows);
        } finally {
          raw.pragma(`cache_size = ${cacheSize}`);
        }
      });
  // The last-use flush writes every token used in the last few seconds; under load that is thousands of rows, and
  // a statement compiled per row kept the event loop busy for most of a second. Same rules as KyselyStore's: an
  // upsert into the narrow auth_token_usage table that keeps the newer use and ignores uses older than a regenerate.
  const updateLastUse = raw.prepare(
    `insert into auth_token_usage (token_id, last_used_at, last_used_ip)
     select id, ?, ? from auth_tokens where id = ? and (regenerated_at is null or regenerated_at < ?)
     on conflict (token_id) do update set last_used_at = excluded.last_used_at, last_used_ip = excluded.last_used_ip
      where auth_token_usage.last_used_at is null or auth_token_usage.last_used_at < excluded.last_used_at`,
  );
  const updateLastUses = raw.transaction((uses: LastUse[]) => {
    for (const u of uses) updateLastUse.run(u.at, u.ip, u.tokenId, u.at);
  });
  store.recordLastUses = async (uses: LastUse[]) => {
    if (uses.length === 0) return;
    await db.connection().execute(async () => updateLastUses(uses));
  };
  // Every failed token use is audited, so a spray of unknown tokens writes a row per request. Group commit: the
  // events that arrive within one turn of the event loop share one transaction, and each caller still resolves
  // only once its row is written.
  const insertAudit = raw.prepare(
    `insert into audit_events (id, at, action, outcome, actor_id, actor_username, target_user_id, token_id, ip,
                               user_agent, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const writeAudit = (e: AuditEvent) =>
    insertAudit.run(
      e.id,
      e.at,
      e.action,
      e.outcome,
      e.actorId,
      e.actorUsername,
      e.targetUserId,
      e.tokenId,
      e.ip,
      e.userAgent,
      e.details ? JSON.stringify(e.details) : null,
    );
  const writeAudits = raw.transaction((events: AuditEvent[]) => events.forEach(writeAudit));
  type Waiting = { event: AuditEvent; resolve: () => void; reject: (err: unknown) => void };
  let waiting: Waiting[] = [];
  const flushAudit = () => {
    const batch = waiting;
    waiting = [];
    const written = db.connection().execute(async () => {
      try {
        writeAudits(batch.map((w) => w.event));
        for (const w of batch) w.resolve();
      } catch {
        // One bad row must not lose the others: write them one by one and report each outcome to its caller.
        for (const w of batch) {
          try {
            writeAudit(w.event);
            w.resolve();
          } catch (err) {
            w.reject(err);
          }
        }
      }
    });
    written.catch((err: unknown) => batch.forEach((w) => w.reject(err)));
  };
  store.appendAudit = (event: AuditEvent) =>
    new Promise<void>((resolve, reject) => {
      if (waiting.push({ event, resolve, reject }) === 1) setImmediate(flushAudit);
    });
  store.bulkInsertAuthTokens = bulk(insertTokens);
  store.bulkInsertUsers = bulk(insertUsers);
  return store;
}
