import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from '../../server/src/store/migrations/index.js';
import { FIND_CREDENTIAL } from '../../server/src/store/postgres-repositories.js';
import { CREDENTIAL_LOOKUP } from '../../server/src/store/sqlite-repositories.js';
import { dropSchema } from '../../server/src/test-support/postgres-opener.js';
import { log, secs } from './config.js';

// How long issue 18's migration (20261208_0800_least_privilege: three columns on auth_tokens, two on oauth2_clients,
// the covering index dropped and built again with the new columns, SQLite's generation trigger widened) takes on a
// store with many tokens, and whether the credential lookup still reads the covering index alone afterwards.
//
//   npm run migration-timing -w bench                                     # SQLite, 1,000,000 tokens made by SQL
//   npm run migration-timing -w bench -- --sqlite-file /path/tessera.sqlite   # a copy of a real store before 0800
//   npm run migration-timing -w bench -- --postgres                       # + PostgreSQL (DATABASE_URL or local test)
//
// The store is brought to the migration before 0800, filled (users and tokens inserted by SQL, not through the
// store: this measures the migration, not seeding), then migrated to the latest with the time taken reported. On
// PostgreSQL a second connection meanwhile runs the lookup an older replica would (its own columns only) every
// 20 ms, to show how long a rolling upgrade's old replicas wait on the migration's locks.
const { values: opt } = parseArgs({
  options: {
    tokens: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '10000' },
    'sqlite-file': { type: 'string' },
    postgres: { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
  },
});
const TOKENS = Number(opt.tokens);
const USERS = Number(opt.users);
const BEFORE = '20261207_0740_settings';
const MIGRATION = '20261208_0800_least_privilege';
const CREATED = '2026-12-06T00:00:00.000Z';

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

async function sqliteTiming() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-migration-'));
  const file = path.join(dir, 'tessera.sqlite');
  try {
    const raw = new SqliteDatabase(file);
    // As the store opens its file (store/sqlite.ts).
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    let source: string;
    if (opt['sqlite-file']) {
      raw.close();
      for (const suffix of ['', '-wal', '-shm'])
        if (fs.existsSync(opt['sqlite-file'] + suffix)) fs.copyFileSync(opt['sqlite-file'] + suffix, file + suffix);
      source = opt['sqlite-file'];
    } else {
      await migrateTo(db, BEFORE);
      const fill = Date.now();
      raw.exec(`
        with recursive n(i) as (select 0 union all select i + 1 from n where i < ${USERS - 1})
        insert into users (id, username, display_name, role, password_hash, created_at, updated_at)
        select 'user-' || i, 'bench' || substr('000000' || i, -6), 'Bench user ' || i, 'user', 'x', '${CREATED}',
               '${CREATED}' from n;
        with recursive n(i) as (select 0 union all select i + 1 from n where i < ${TOKENS - 1})
        insert into auth_tokens (id, user_id, description, hint, digest, created_at, created_by)
        select lower(hex(randomblob(16))), 'user-' || (i * ${USERS} / ${TOKENS}), 'bench token ' || i, 'tsr_…abcd',
               lower(hex(randomblob(32))), '${CREATED}', 'user-' || (i * ${USERS} / ${TOKENS}) from n;`);
      source = `${TOKENS.toLocaleString('en')} tokens made by SQL in ${secs(Date.now() - fill)}`;
    }
    await db.destroy();

    const raw2 = new SqliteDatabase(file);
    raw2.pragma('journal_mode = WAL');
    raw2.pragma('foreign_keys = ON');
    raw2.pragma('synchronous = NORMAL');
    const db2 = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw2 }) });
    const tokens = raw2.prepare('select count(*) from auth_tokens').pluck().get() as number;
    const started = performance.now();
    const ran = await migrateTo(db2, 'latest');
    const ms = performance.now() - started;
    if (!ran.includes(MIGRATION)) throw new Error(`expected ${MIGRATION} to run, ran: ${ran.join(', ') || 'nothing'}`);
    log(
      `SQLite: ${ran.join(', ')} on ${tokens.toLocaleString('en')} tokens in ${secs(ms)} (${source}; ` +
        `file ${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`,
    );
    const digest = raw2.prepare('select digest from auth_tokens limit 1').pluck().get() as string;
    const plan = raw2
      .prepare<[string], { detail: string }>(`explain query plan ${CREDENTIAL_LOOKUP}`)
      .all(digest)
      .map((r) => r.detail);
    log(`SQLite: EXPLAIN QUERY PLAN of the credential lookup:\n  ${plan.join('\n  ')}`);
    if (!plan.includes('SEARCH t USING COVERING INDEX auth_tokens_digest_covering (digest=?)'))
      throw new Error('the credential lookup no longer reads the covering index alone');
    await db2.destroy();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresTiming() {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `migration_timing_${process.pid}`;
  await dropSchema(url, schema);
  const config = { connectionString: url, options: `-c search_path=${schema}` };
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`create schema ${schema}`);
  await setup.end();
  const pool = new pg.Pool({ ...config, max: 2 });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  const watcher = new pg.Client(config);
  try {
    await migrateTo(db, BEFORE, schema);
    const fill = Date.now();
    await sql
      .raw(
        `insert into users (id, username, display_name, role, password_hash, created_at, updated_at)
         select 'user-' || i, 'bench' || lpad(i::text, 6, '0'), 'Bench user ' || i, 'user', 'x', '${CREATED}',
                '${CREATED}' from generate_series(0, ${USERS - 1}) i`,
      )
      .execute(db);
    await sql
      .raw(
        `insert into auth_tokens (id, user_id, description, hint, digest, created_at, created_by)
         select md5('id' || i), 'user-' || (i::bigint * ${USERS} / ${TOKENS}), 'bench token ' || i, 'tsr_…abcd',
                encode(sha256(('token' || i)::bytea), 'hex'), '${CREATED}', 'user-' || (i::bigint * ${USERS} / ${TOKENS})
           from generate_series(0, ${TOKENS - 1}) i`,
      )
      .execute(db);
    await sql.raw('vacuum analyze auth_tokens').execute(db);
    await sql.raw('vacuum analyze users').execute(db);
    const filled = Date.now() - fill;

    // What an older replica keeps doing during a rolling upgrade: its own lookup, by digest.
    await watcher.connect();
    const someDigest = `'${(await watcher.query<{ d: string }>('select digest as d from auth_tokens limit 1')).rows[0]!.d}'`;
    let longestWait = 0;
    let watching = true;
    const watched = (async () => {
      while (watching) {
        const t = performance.now();
        await watcher.query(
          `select t.id, t.expires_at, u.id from auth_tokens t join users u on u.id = t.user_id where t.digest = ${someDigest}`,
        );
        longestWait = Math.max(longestWait, performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const ran = await migrateTo(db, 'latest', schema);
    const ms = performance.now() - started;
    watching = false;
    await watched;
    if (!ran.includes(MIGRATION)) throw new Error(`expected ${MIGRATION} to run, ran: ${ran.join(', ') || 'nothing'}`);
    log(
      `PostgreSQL: ${ran.join(', ')} on ${TOKENS.toLocaleString('en')} tokens in ${secs(ms)} ` +
        `(filled by SQL in ${secs(filled)}); an older replica's lookup meanwhile waited at most ${secs(longestWait)}`,
    );
    for (const analyse of [false, true]) {
      const plan = await watcher.query<{ 'QUERY PLAN': string }>(
        `explain ${analyse ? '(analyze, buffers, costs off) ' : ''}${FIND_CREDENTIAL.replace('$1', someDigest)}`,
      );
      log(
        `PostgreSQL: EXPLAIN${analyse ? ' ANALYZE' : ''} of the credential lookup:\n  ` +
          plan.rows.map((r) => r['QUERY PLAN']).join('\n  '),
      );
    }
  } finally {
    await watcher.end().catch(() => undefined);
    await db.destroy();
    await dropSchema(url, schema);
  }
}

async function main() {
  if (!opt['no-sqlite']) await sqliteTiming();
  if (opt.postgres) await postgresTiming();
}

main().catch((err: unknown) => {
  process.stderr.write(`migration timing failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
