import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { KyselyStore, credentialFromRow, type CredentialRow } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';

/** Opens (creating if needed) the embedded store in dataDir and applies pending migrations. */
export async function createSqliteStore(dataDir: string, file = 'tessera.sqlite'): Promise<KyselyStore> {
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
  // The verification path runs on every API call: one statement prepared once, not compiled per request.
  const findCredential = raw.prepare<[string], CredentialRow>(
    `select t.id as token_id, t.expires_at, u.id as user_id, u.username, u.display_name, u.role, u.disabled,
            u.api_tokens_enabled
       from auth_tokens t join users u on u.id = t.user_id where t.digest = ?`,
  );
  store.findTokenCredential = async (digest: string) => {
    const row = findCredential.get(digest);
    return row && credentialFromRow(row);
  };
  return store;
}
