import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore, quoteIdent, withMigrationLock } from '../store/postgres.js';
import type { Store } from '../store/store.js';

/**
 * A fresh, unique schema name, so parallel test files and runs never see each other's rows; within a test run it
 * carries the run's name (global-setup.ts), whose end drops whatever of the run is left.
 */
export const newTestSchema = () => {
  const run = process.env.TESSERA_TEST_RUN;
  return `tessera_test_${run ? `${run}_` : ''}${randomBytes(6).toString('hex')}`;
};

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

/**
 * Schemas of this process that a closed test store left exactly as freshly migrated: their rows reset to what the
 * migrations seeded, their structure checked against a fresh schema's; the end of the run drops them. Migrating a new schema costs ~1 s under the
 * database-wide migration lock (every test file of every run queues on it); resetting one costs a few milliseconds.
 */
const reusable: string[] = [];
/** What a freshly migrated schema looks like, captured from the first one this process migrates. */
let fresh: { shape: string; seed: Map<string, string> } | undefined;

const OWN_TABLES = `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = $1 and c.relkind in ('r', 'p') and c.relname not like 'kysely\\_%' order by 1`;

/** The schema's structure as text: columns, defaults, indexes, constraints, triggers, functions and migrations. */
async function shapeOf(client: pg.Client, schema: string): Promise<string> {
  const { rows } = await client.query<{ line: string }>(
    `select 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' ||
            a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') as line
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = $1
     union all select 'index ' || indexdef from pg_indexes where schemaname = $1
     union all select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       from pg_constraint where connamespace = $1::regnamespace
     union all select 'trigger ' || tgrelid::regclass::text || ' ' || tgname from pg_trigger t
       join pg_class c on c.oid = t.tgrelid where c.relnamespace = $1::regnamespace
     union all select 'function ' || proname || ' ' || md5(prosrc) from pg_proc where pronamespace = $1::regnamespace`,
    [schema],
  );
  const migrations = await client.query<{ name: string }>(
    `select name from ${quoteIdent(schema)}.kysely_migration order by name`,
  );
  const lines = [...rows.map((r) => r.line), ...migrations.rows.map((r) => `migration ${r.name}`)];
  return lines
    .map((l) => l.split(schema).join('<schema>'))
    .sort()
    .join('\n');
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The rows the migrations left in a fresh schema, as JSON per table (most tables have none). */
async function seedOf(client: pg.Client, schema: string): Promise<Map<string, string>> {
  const seed = new Map<string, string>();
  for (const { name } of (await client.query<{ name: string }>(OWN_TABLES, [schema])).rows) {
    const { rows } = await client.query<{ rows: string | null }>(
      `select json_agg(t)::text as rows from ${quoteIdent(schema)}.${quoteIdent(name)} t`,
    );
    if (rows[0]?.rows) seed.set(name, rows[0].rows);
  }
  return seed;
}

/** The schema's tables, each after every table that references it, so deleting in this order breaks no foreign key. */
async function tablesChildrenFirst(client: pg.Client, schema: string): Promise<string[]> {
  const tables = (await client.query<{ name: string }>(OWN_TABLES, [schema])).rows.map((r) => r.name);
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = $1::regnamespace and c.oid <> p.oid`,
    [schema],
  );
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    path.add(table);
    for (const r of rows) if (r.parent === table) visit(r.child, path);
    path.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/**
 * Puts a closed test store's schema back to freshly migrated, or answers false when its structure was changed.
 * DELETE, not TRUNCATE: on a few dozen nearly empty tables TRUNCATE takes ~0.5 s (new files for every table and
 * index), DELETE ~15 ms.
 */
async function reset(client: pg.Client, schema: string): Promise<boolean> {
  if (!fresh || (await shapeOf(client, schema)) !== fresh.shape) return false;
  const q = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
  const tables = await tablesChildrenFirst(client, schema);
  const sequences = await client.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = $1::regnamespace and relkind = 'S'`,
    [schema],
  );
  await client.query('begin');
  try {
    for (const table of tables) await client.query(`delete from ${q(table)}`);
    for (const { name } of sequences.rows) await client.query(`alter sequence ${q(name)} restart`);
    for (const table of [...tables].reverse()) {
      const rows = fresh.seed.get(table);
      if (rows)
        await client.query(`insert into ${q(table)} select * from json_populate_recordset(null::${q(table)}, $1)`, [
          rows,
        ]);
    }
    await client.query('commit');
    return true;
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

/** Opens the PostgreSQL store in a throw-away schema (migrated on open) and resets or drops the schema on cleanup. */
export async function openPostgresTestStore(
  url: string,
  opts: { poolMax?: number; timeoutMs?: number } = {},
): Promise<{ store: Store; schema: string; cleanup(): Promise<void> }> {
  const schema = reusable.pop() ?? newTestSchema();
  // Small pools: many test files run at once against one server with a finite max_connections.
  const bounds = { poolMax: opts.poolMax ?? 4, ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) };
  const store = await createPostgresStore(url, { schema, ...bounds }).catch(async (err: unknown) => {
    await dropSchema(url, schema);
    throw err;
  });
  if (!fresh) {
    fresh = await withClient(url, async (c) => ({ shape: await shapeOf(c, schema), seed: await seedOf(c, schema) }));
  }
  return {
    store,
    schema,
    cleanup: async () => {
      await store.close();
      // A schema whose structure a test changed, or that will not reset, is dropped as before.
      const clean = await withClient(url, (c) => reset(c, schema)).catch(() => false);
      if (clean) reusable.push(schema);
      else await dropSchema(url, schema);
    },
  };
}
