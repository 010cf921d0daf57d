import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ensureDataDir, prepareDatabaseFile } from '../lib/data-dir.js';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';
import { KyselyOAuth2ClientRepository } from './oauth2-clients.js';
import type { Database } from './schema.js';
import {
  SqliteAuditRepository,
  SqliteAuthTokenRepository,
  SqliteUserRepository,
  onConnection,
} from './sqlite-repositories.js';

export { GENERATION_RECHECK_MS } from './sqlite-credential-cache.js';

/** How many looked-up credentials (and unknown digests) the embedded store keeps in memory by default. */
export const DEFAULT_CREDENTIAL_CACHE_SIZE = 50_000;

/** The embedded store: its auth-token repository answers the credential lookup synchronously. */
export type SqliteStore = KyselyStore<SqliteAuthTokenRepository>;

export interface SqliteStoreOptions {
  /** Credentials kept in memory between lookups; 0 reads the tables on every verification. */
  credentialCacheSize?: number;
}

/** Opens (creating if needed) the embedded store in dataDir and applies pending migrations. */
export async function createSqliteStore(
  dataDir: string,
  file = 'tessera.sqlite',
  options: SqliteStoreOptions = {},
): Promise<SqliteStore> {
  // 0700 and 0600 even in a directory that existed before (an operator's, or an older version's).
  ensureDataDir(dataDir);
  const dbFile = path.join(dataDir, file);
  prepareDatabaseFile(dbFile);
  const raw = new SqliteDatabase(dbFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  await migrateToLatest(db);
  const connection = onConnection(db);
  const cacheSize = options.credentialCacheSize ?? DEFAULT_CREDENTIAL_CACHE_SIZE;
  return new KyselyStore(
    db,
    'sqlite',
    {
      users: new SqliteUserRepository(db, raw, connection),
      authTokens: new SqliteAuthTokenRepository(db, raw, connection, cacheSize),
      oauth2Clients: new KyselyOAuth2ClientRepository(db),
      audit: new SqliteAuditRepository(db, raw, connection),
    },
    () => db.destroy(),
  );
}
