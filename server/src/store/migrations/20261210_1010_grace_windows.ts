import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Issue 20, point 3: regenerate with a grace window. A credential whose secret was replaced with a window keeps its
// previous secret's digest (never the secret) until valid_until, in a table of its own keyed by the credential
// (deleted with it), one row per credential: a second regenerate replaces the row, so only the latest previous secret
// is kept. The verifier reads it only when a digest matches no current secret (the unique index on digest). The old
// secret's uses are written there in the periodic flush (last use, address, user agent, count) with the clients the
// owner was already told about this window (a JSON list, bounded), so each (address, user agent) is notified once.
// On SQLite the credential generation (migration 0500) moves when a window starts or ends, so another process on the
// file drops what it remembered within GENERATION_RECHECK_MS; recording a use (the other columns) does not move it.
const TABLES = [
  ['auth_token_grace', 'auth_tokens.id'],
  ['oauth2_client_grace', 'oauth2_clients.id'],
] as const;

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

const triggers = (table: string): [name: string, when: string][] => [
  [`${table}_credential_insert`, `after insert on ${table}`],
  [`${table}_credential_update`, `after update of credential_id, digest, valid_until on ${table}`],
  [`${table}_credential_delete`, `after delete on ${table}`],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, references] of TABLES) {
    await db.schema
      .createTable(table)
      .addColumn('credential_id', 'text', (c) => c.primaryKey().references(references).onDelete('cascade'))
      .addColumn('digest', 'text', (c) => c.notNull().unique())
      .addColumn('hint', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('last_used_ip', 'text')
      .addColumn('last_used_user_agent', 'text')
      .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('notified_clients', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    // The purge of ended windows reads by valid_until.
    await db.schema.createIndex(`${table}_valid_until`).on(table).column('valid_until').execute();
  }
  if (!isSqlite(db)) return;
  for (const [table] of TABLES)
    for (const [name, when] of triggers(table))
      await sql
        .raw(`create trigger ${name} ${when} begin update credential_generation set seq = seq + 1 where id = 1; end`)
        .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db))
    for (const [table] of TABLES)
      for (const [name] of triggers(table)) await sql.raw(`drop trigger ${name}`).execute(db);
  for (const [table] of TABLES) await db.schema.dropTable(table).execute();
}
