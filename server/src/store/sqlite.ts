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
import { DEFAULT_CREDENTIAL_CACHE_SIZE } from './credential-cache.js';

export { GENERATION_RECHECK_MS } from './sqlite-credential-cache.js';

export { DEFAULT_CREDENTIAL_CACHE_SIZE } from './credential-cache.js';

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
  const authTokens = new SqliteAuthTokenRepository(db, raw, connection, cacheSize);
  return new KyselyStore(
    db,
    'sqlite',
    {
      users: new SqliteUserRepository(db, raw, connection),
      authTokens,
      oauth2Clients: new KyselyOAuth2ClientRepository(db),
      audit: new SqliteAuditRepository(db, raw, connection),
      // The generation is read before each lookup: the embedded store never has a reason to distrust its memory.
      cacheStats: () => authTokens.caches.stats(true),
    },
    () => db.destroy(),
  );
}
