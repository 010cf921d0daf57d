import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { migrateTestStore } from '../test-support/migrate.js';
import { createPostgresStore, quoteIdent } from './postgres.js';
import { migrations } from './migrations/index.js';

const url = process.env.TEST_DATABASE_URL;
/** The last migration before one that rebuilds an index on auth_tokens (1030: the covering index, for a column). */
const BEFORE_REBUILD = '20261211_1020_application_credentials';
const TOKENS = 100_000;
/** Far under what that rebuild takes on 100,000 tokens (some 150 ms; 1.3 s on 900,000). */
const BOUND_MS = 20;

/**
 * Issue 22's statement bound (TESSERA_PG_TIMEOUT_MS) is for requests and jobs, not for the migrations a replica
 * applies at start: they run on connections of their own without it, as a migration on a large table (an index
 * built, a column filled) may take minutes. A replica opened with a bound far shorter than a pending migration's
 * index build still applies it.
 */
describe.skipIf(!url)('migrations at start on PostgreSQL', () => {
  const schema = newTestSchema();
  afterAll(() => dropSchema(url!, schema));

  it('are not under the statement bound: a replica opened with a 20 ms bound applies one that takes longer', async () => {
    // The schema as an older release left it, with 100,000 tokens.
    const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 1 });
    const old = new Kysely({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`create schema ${sql.id(schema)}`.execute(old);
      await migrateTestStore(old, 'postgres', BEFORE_REBUILD);
      await sql`insert into users (id, username, display_name, role, password_hash, created_at, updated_at)
        values ('owner', 'owner', 'Owner', 'user', 'x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`.execute(
        old,
      );
      await sql`insert into auth_tokens (id, user_id, description, hint, digest, created_at)
        select md5('t' || i), 'owner', 'old', 'tsr_…old', md5('d' || i), '2026-01-01T00:00:00.000Z'
          from generate_series(1, ${TOKENS}::int) i`.execute(old);
    } finally {
      await old.destroy();
    }

    const store = await createPostgresStore(url!, { schema, poolMax: 1, timeoutMs: BOUND_MS, credentialCacheSize: 0 });
    await store.close();

    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>(
        `select name from ${quoteIdent(schema)}.kysely_migration order by name`,
      );
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      // What the migration did, under the replica's bound, is cancelled.
      await client.query(`set statement_timeout = ${BOUND_MS}`);
      const err = await client.query('reindex index auth_tokens_digest_covering').then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(err?.code).toBe('57014');
    } finally {
      await client.end();
    }
  }, 120_000);
});
