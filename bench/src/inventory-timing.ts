import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { type CompiledQuery, Kysely, type LogEvent, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { tokenInventory } from '../../server/src/store/auth-token-inventory.js';
import type { InventoryQuery } from '../../server/src/store/auth-tokens.js';
import { migrationProvider } from '../../server/src/store/migrations/index.js';
import type { Database } from '../../server/src/store/schema.js';
import { dropSchema } from '../../server/src/test-support/postgres-opener.js';
import { log, secs } from './config.js';
import { INVENTORY_QUERIES, quantiles } from './inventory.js';

// Issue 19's inventory at 1,000,000 tokens over 10,000 users, on data shaped like an organisation's (creation spread
// over two years, 30 % expiring, 60 % used at some point between creation and now), in a scratch store:
//
//   npm run inventory-timing -w bench                   # SQLite
//   npm run inventory-timing -w bench -- --postgres     # + PostgreSQL (DATABASE_URL or local test), scratch schema
//   … -- --before                                       # without the indexes (migrations up to 0900 only)
//
// Filled by SQL (not through the store), then the inventory's indexes migration is timed, then the store's own
// inventory query (store/auth-token-inventory.ts) is run N times per case: its median and p95 are the server's time
// in the database for the page and its bounded count. EXPLAIN of each case's statements follows.
const { values: opt } = parseArgs({
  options: {
    tokens: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '20' },
    postgres: { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
    before: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: true },
    /** A SQLite file kept between runs: filled and migrated on the first, measured as it is on the next. */
    keep: { type: 'string' },
    /** The same for PostgreSQL: a schema kept between runs. */
    'keep-schema': { type: 'string' },
  },
});
const TOKENS = Number(opt.tokens);
const USERS = Number(opt.users);
const RUNS = Number(opt.runs);
const BEFORE = '20261209_0900_domain_events';
const NOW = Date.now();
const NOW_S = Math.floor(NOW / 1000);
const SPAN_S = 730 * 86_400;

/** Token i's shape, the same on both databases: created up to two years ago, 30 % expiring a year after creation,
 * 60 % used at a point between creation and now (all as seconds before now). */
const shape = {
  createdAgo: `((i * 7919) % ${TOKENS}) * ${SPAN_S} / ${TOKENS}`,
  expires: `i % 10 < 3`,
  used: `i % 10 >= 4`,
};

async function migrateTo(db: Kysely<unknown>, target: string | 'latest', schema?: string) {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = target === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((r) => r.migrationName);
}

/** Times every case; the statements of the last run of each are kept for EXPLAIN. */
async function measure(db: Kysely<Database>, seen: CompiledQuery[], explain: (q: CompiledQuery) => Promise<string>) {
  for (const c of INVENTORY_QUERIES) {
    const q: InventoryQuery = { ...c.store(NOW), now: new Date(NOW).toISOString() };
    const warm = performance.now();
    let page = await tokenInventory(db, q);
    // A case that takes seconds is measured three times, not RUNS: its figure is plain either way.
    const runs = performance.now() - warm > 2000 ? 3 : RUNS;
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      seen.length = 0;
      const t = performance.now();
      page = await tokenInventory(db, q);
      times.push(performance.now() - t);
    }
    const { p50, p95 } = quantiles(times);
    log(
      `  ${c.name.padEnd(44)} median ${p50.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ` +
        `(${page.items.length} items, total ${page.total}${page.totalIsLowerBound ? '+' : ''}` +
        `${c.target ? `; target ≤ ${c.target} ms: ${p50 <= c.target ? 'PASS' : 'MISS'}` : ''})`,
    );
    if (opt.explain) for (const s of [...seen]) log(`    ${(await explain(s)).split('\n').join('\n    ')}`);
  }
}

const capture = (seen: CompiledQuery[]) => (e: LogEvent) => {
  if (e.level === 'query') seen.push(e.query);
};

async function sqliteTiming() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-inventory-'));
  const file = opt.keep ?? path.join(dir, 'tessera.sqlite');
  const kept = opt.keep !== undefined && fs.existsSync(opt.keep);
  try {
    const raw = new SqliteDatabase(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
    const seen: CompiledQuery[] = [];
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: capture(seen) });
    if (!kept) await fillSqlite(db, raw);
    if (!opt.before) {
      const t = performance.now();
      const ran = await migrateTo(db as Kysely<unknown>, 'latest');
      if (ran.length > 0) log(`SQLite: ${ran.join(', ')} in ${secs(performance.now() - t)}`);
    }
    await measure(db, seen, async (q) =>
      raw
        .prepare(`explain query plan ${q.sql}`)
        .all(...(q.parameters as unknown[]))
        .map((r) => (r as { detail: string }).detail)
        .join('\n'),
    );
    await db.destroy();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Users, tokens and last uses by SQL, up to the migration before the inventory's (no ANALYZE: a store runs none). */
async function fillSqlite(db: Kysely<Database>, raw: SqliteDatabase.Database) {
  await migrateTo(db as Kysely<unknown>, BEFORE);
  const fill = Date.now();
  const at = (ago: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${NOW_S} - (${ago}), 'unixepoch')`;
  raw.exec(`
      with recursive n(i) as (select 0 union all select i + 1 from n where i < ${USERS - 1})
      insert into users (id, username, display_name, role, password_hash, created_at, updated_at)
      select 'user-' || i, 'bench' || substr('000000' || i, -6), 'Bench user ' || i, 'user', 'x',
             '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z' from n;
      with recursive n(i) as (select 0 union all select i + 1 from n where i < ${TOKENS - 1})
      insert into auth_tokens (id, user_id, description, hint, digest, created_at, created_by, expires_at)
      select 'tok-' || i, 'user-' || (i * ${USERS} / ${TOKENS}), 'bench token ' || i, 'tsr_…abcd',
             lower(hex(randomblob(32))), ${at(shape.createdAgo)}, 'user-' || (i * ${USERS} / ${TOKENS}),
             case when ${shape.expires} then ${at(`${shape.createdAgo} - 365 * 86400`)} end from n;
      with recursive n(i) as (select 0 union all select i + 1 from n where i < ${TOKENS - 1})
      insert into auth_token_usage (token_id, last_used_at, last_used_ip)
      select 'tok-' || i, ${at(`(${shape.createdAgo}) * ((i * 31) % 100) / 100`)}, '192.0.2.1' from n
       where ${shape.used};`);
  log(`SQLite: ${TOKENS.toLocaleString('en')} tokens made by SQL in ${secs(Date.now() - fill)}`);
}

async function postgresTiming() {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = opt['keep-schema'] ?? `inventory_timing_${process.pid}`;
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  const kept =
    opt['keep-schema'] !== undefined &&
    (await setup.query(`select 1 from pg_namespace where nspname = $1`, [schema])).rowCount === 1;
  if (!kept) {
    await dropSchema(url, schema);
    await setup.query(`create schema ${schema}`);
  }
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 2 });
  const seen: CompiledQuery[] = [];
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: capture(seen) });
  try {
    if (!kept) await fillPostgres(db, schema);
    if (!opt.before) {
      const t = performance.now();
      const ran = await migrateTo(db as Kysely<unknown>, 'latest', schema);
      if (ran.length > 0) log(`PostgreSQL: ${ran.join(', ')} in ${secs(performance.now() - t)}`);
    }
    await measure(db, seen, async (q) => {
      const plan = await pool.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, costs off, timing off, summary on) ${q.sql}`,
        q.parameters as unknown[],
      );
      return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  } finally {
    await db.destroy();
    if (opt['keep-schema'] === undefined) await dropSchema(url, schema);
  }
}

/** Users, tokens and last uses by SQL, up to the migration before the inventory's; then VACUUM ANALYZE. */
async function fillPostgres(db: Kysely<Database>, schema: string) {
  await migrateTo(db as Kysely<unknown>, BEFORE, schema);
  const fill = Date.now();
  const at = (ago: string) =>
    `to_char(to_timestamp(${NOW_S} - (${ago})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const run = (text: string) => sql.raw(text).execute(db);
  await run(`insert into users (id, username, display_name, role, password_hash, created_at, updated_at)
      select 'user-' || i, 'bench' || lpad(i::text, 6, '0'), 'Bench user ' || i, 'user', 'x',
             '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z' from generate_series(0, ${USERS - 1}) i`);
  await run(`insert into auth_tokens (id, user_id, description, hint, digest, created_at, created_by, expires_at)
      select 'tok-' || i, 'user-' || (i::bigint * ${USERS} / ${TOKENS}), 'bench token ' || i, 'tsr_…abcd',
             encode(sha256(('token' || i)::bytea), 'hex'), ${at(shape.createdAgo.replace('i *', 'i::bigint *'))},
             'user-' || (i::bigint * ${USERS} / ${TOKENS}),
             case when ${shape.expires} then ${at(`${shape.createdAgo.replace('i *', 'i::bigint *')} - 365 * 86400`)} end
        from generate_series(0, ${TOKENS - 1}) i`);
  await run(`insert into auth_token_usage (token_id, last_used_at, last_used_ip)
      select 'tok-' || i, ${at(`(${shape.createdAgo.replace('i *', 'i::bigint *')})::bigint * ((i * 31) % 100) / 100`)},
             '192.0.2.1' from generate_series(0, ${TOKENS - 1}) i where ${shape.used}`);
  for (const t of ['users', 'auth_tokens', 'auth_token_usage']) await run(`vacuum analyze ${t}`);
  log(`PostgreSQL: ${TOKENS.toLocaleString('en')} tokens made by SQL in ${secs(Date.now() - fill)}`);
}

async function main() {
  if (!opt['no-sqlite']) await sqliteTiming();
  if (opt.postgres) await postgresTiming();
}

main().catch((err: unknown) => {
  process.stderr.write(`inventory timing failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
