import { type Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { MIGRATION_LOCK_KEY } from '../store/postgres.js';
import { migrationProvider } from '../store/migrations/index.js';
import type { BackendKind } from './harness.js';

/**
 * Moves a test store's schema to `target` (or to the latest migration) the way a replica does. On PostgreSQL that is
 * on one connection holding the database-wide migration lock, with the migration table named in the connection's own
 * schema: Kysely's migrator lists the tables of every schema, and a test file next door dropping its throw-away
 * schema under that listing fails it with "schema … does not exist" (it did, once, on CI).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateTestStore(db: Kysely<any>, kind: BackendKind, target?: string): Promise<void> {
  const run = async (conn: typeof db, schema?: string) => {
    const migrator = new Migrator({
      db: conn,
      provider: migrationProvider,
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await (target === undefined
      ? migrator.migrateToLatest()
      : migrator.migrateTo(target === '' ? NO_MIGRATIONS : target));
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      const reason = error instanceof Error ? error.message : 'unknown';
      throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
    }
  };
  if (kind === 'sqlite') return run(db);
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(${MIGRATION_LOCK_KEY}))`.execute(conn);
    try {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(conn);
      await run(conn, rows[0]!.schema);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${MIGRATION_LOCK_KEY}))`.execute(conn);
    }
  });
}
