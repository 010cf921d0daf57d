import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CredentialCaches, DEFAULT_CREDENTIAL_CACHE_SIZE } from './credential-cache.js';
import { PostgresChangeListener } from './postgres-change-listener.js';
import { PostgresJobLock } from './postgres-job-lock.js';
import { BoundedClient, boundedConfig } from './postgres-timeouts.js';
import { TrackedPool } from './postgres-tracked-pool.js';
import { KyselyAuditRepository } from './audit.js';
import { KyselyStore } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import { PostgresAuthTokenRepository, PostgresOAuth2ClientRepository } from './postgres-repositories.js';
import type { Database } from './schema.js';
import { KyselyUserRepository } from './users.js';

export interface PostgresStoreOptions {
  /** Schema for every table (created if missing); otherwise the connection's search_path decides. */
  schema?: string;
  /** Upper bound on connections this process opens; size it against max_connections across replicas. */
  poolMax?: number;
  /** Errors of idle pooled connections (e.g. a database restart); the pool replaces them. */
  onPoolError?: (err: Error) => void;
  /**
   * The longest a statement may run, and a connection or a pooled one take to come (ms, default 5000): past it a
   * request fails (503) instead of waiting for a database that does not answer. Migrations are not bounded.
   */
  timeoutMs?: number;
  /** Credentials kept in memory between lookups (ADR 0014); 0 reads the tables on every verification. */
  credentialCacheSize?: number;
  /** The change listener's own URL (the same database); tests route only it through a faulty link. */
  listenUrl?: string;
}

const INT8_OID = 20;
// Counts come back as int8; they never approach 2^53 here, so numbers are safe and simpler than strings.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** One constant key for the whole database, so replicas (and parallel test schemas) migrate one at a time. */
export const MIGRATION_LOCK_KEY = 'tessera.migrations';

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function connectionConfig(url: string, opts: PostgresStoreOptions): pg.ClientConfig {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new Error('The PostgreSQL schema name must be lower-case letters, digits and underscores.');
  }
  return {
    connectionString: url,
    application_name: 'tessera',
    types,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  };
}

/**
 * Runs `work` holding the database-wide migration lock, a session-level advisory lock on `client`. Dropping a schema
 * takes it too: Kysely's migrator lists the tables of every schema (`has_schema_privilege(nspname)`,
 * `pg_get_serial_sequence(nspname || …)`), and a schema dropped under that query fails it with "schema … does not
 * exist" — in tests, where files running side by side drop their throw-away schemas, that was a race.
 */
export async function withMigrationLock<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
  try {
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]);
  }
}

/**
 * Applies pending migrations holding the migration lock on a connection of its own, over a pool of their own: without
 * the request pool's statement timeout, which a long migration (an index on a large table) would outlast.
 */
async function migrateUnderLock(config: pg.ClientConfig, schema: string | undefined) {
  const client = new pg.Client(config);
  await client.connect();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...config, max: 1 }) }) });
  try {
    await withMigrationLock(client, async () => {
      if (schema) await client.query(`create schema if not exists ${quoteIdent(schema)}`);
      const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema');
      const current = rows[0]?.schema;
      if (!current) throw new Error('No schema of the PostgreSQL search_path exists; create it or set one.');
      // Named explicitly: Kysely otherwise finds its migration table in any schema of the database.
      const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: current });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        const reason = error instanceof Error ? error.message : 'unknown';
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
      }
    });
  } finally {
    await client.end();
    await db.destroy();
  }
}

/** The PostgreSQL store: its credential lookup answers a remembered credential synchronously, else with a promise. */
export type PostgresStore = KyselyStore<PostgresAuthTokenRepository>;

/** Opens the PostgreSQL store over a bounded pool and applies pending migrations, one replica at a time. */
export async function createPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const config = connectionConfig(url, opts);
  const bounded = boundedConfig(config, opts.timeoutMs ?? 5000);
  // connectionTimeoutMillis bounds both the wait for a free connection and the opening of a new one.
  const pool = new pg.Pool({ ...bounded, Client: BoundedClient, max: opts.poolMax ?? 10, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => opts.onPoolError?.(err));
  const caches = new CredentialCaches(opts.credentialCacheSize ?? DEFAULT_CREDENTIAL_CACHE_SIZE);
  const tracked = new TrackedPool(pool, () => caches.invalidate());
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: tracked }) });
  try {
    await migrateUnderLock(config, opts.schema);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  // Bounded like the pool: an unreachable or silent database fails a job's run instead of hanging it, and a lock
  // connection that stops answering ends, aborting the runs whose locks it held. TCP keep-alive: an idle one whose
  // peer went silent (a network cut) ends too.
  const jobLock = new PostgresJobLock(bounded);
  // Its own connection, bounded as the lock's, with keep-alive; opened only when there is a memory to keep fresh.
  const listener =
    caches.size > 0
      ? new PostgresChangeListener(
          {
            ...connectionConfig(opts.listenUrl ?? url, opts),
            application_name: 'tessera-listener',
            connectionTimeoutMillis: 2_000,
            keepAlive: true,
            keepAliveInitialDelayMillis: 10_000,
          },
          caches,
        )
      : undefined;
  // Used while no credential write of this process is uncommitted and the listener vouches for every change.
  const freshness = { usable: () => tracked.idle() && listener !== undefined && listener.usable() };
  return new KyselyStore(
    db,
    'postgres',
    {
      users: new KyselyUserRepository(db),
      authTokens: new PostgresAuthTokenRepository(db, tracked, caches.create(freshness), caches.create(freshness)),
      oauth2Clients: new PostgresOAuth2ClientRepository(db),
      audit: new KyselyAuditRepository(db),
      jobLock,
      pool,
      cacheStats: () => caches.stats(listener?.trusted() ?? false),
      statementCount: () => tracked.statements,
      // Without a listener (the memory off) nothing is announced: the policy and the keys are polled as before.
      onChange: (kind, handler) => listener?.subscribe(kind, () => handler()) ?? (() => {}),
    },
    async () => {
      await listener?.close();
      await jobLock.close();
      await db.destroy();
    },
  );
}
