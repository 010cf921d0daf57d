import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore, quoteIdent, withMigrationLock } from '../store/postgres.js';
import type { Store } from '../store/store.js';

/** A fresh, unique schema name, so parallel test files and runs never see each other's rows. */
export const newTestSchema = () => `tessera_test_${randomBytes(6).toString('hex')}`;

/** Drops a schema and everything in it, never under another store's migration; used after tests and by the scale test. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await withMigrationLock(client, () => client.query(`drop schema if exists ${quoteIdent(schema)} cascade`));
  } finally {
    await client.end();
  }
}

/** Opens the PostgreSQL store in a throw-away schema (migrated on open) and drops the schema on cleanup. */
export async function openPostgresTestStore(
  url: string,
  opts: { poolMax?: number } = {},
): Promise<{ store: Store; schema: string; cleanup(): Promise<void> }> {
  const schema = newTestSchema();
  // Small pools: many test files run at once against one server with a finite max_connections.
  const store = await createPostgresStore(url, { schema, poolMax: opts.poolMax ?? 4 }).catch(async (err: unknown) => {
    await dropSchema(url, schema);
    throw err;
  });
  return {
    store,
    schema,
    cleanup: async () => {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}
