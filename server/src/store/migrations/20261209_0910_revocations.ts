import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Issue 19, bulk revocation with undo and inactivity revocation. An auth token gains when it was revoked and by which
// revocation (null: not revoked). A revoked token keeps its digest, so an undo within the window brings back the very
// same secret; after the window the finalise job deletes it. `token_revocations` holds each revocation: who made it
// (an administrator, or the inactivity job: kind `inactive`, no creator), why, the filter it was made from (JSON,
// null for a list of ids), how many tokens it revoked, and its window.
// The verification lookup reads revoked_at: the covering index grows to hold it (the lookup still never visits the
// table row), and on SQLite the credential generation trigger also fires when it changes, so a revoked token is
// refused on the very next request in every process on the file (as migration 0800 did for suspension).
const COVERING_BEFORE = ['digest', 'id', 'user_id', 'expires_at', 'scopes', 'allowed_networks', 'suspended_at'];
const COVERING_NOW = [...COVERING_BEFORE, 'revoked_at'];
const WATCHED_BEFORE = ['id', 'digest', 'user_id', 'expires_at', 'scopes', 'allowed_networks', 'suspended_at'];
const UPDATE_TRIGGER = 'auth_tokens_credential_update';

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

async function updateTrigger(db: Kysely<unknown>, columns: string[]) {
  await sql.raw(`drop trigger if exists ${UPDATE_TRIGGER}`).execute(db);
  await sql
    .raw(
      `create trigger ${UPDATE_TRIGGER} after update of ${columns.join(', ')} on auth_tokens ` +
        'begin update credential_generation set seq = seq + 1 where id = 1; end',
    )
    .execute(db);
}

async function covering(db: Kysely<unknown>, columns: string[]) {
  await db.schema.dropIndex('auth_tokens_digest_covering').execute();
  await db.schema.createIndex('auth_tokens_digest_covering').on('auth_tokens').columns(columns).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('token_revocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('administrator', 'inactive')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('filter', 'text')
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_username', 'text')
    .addColumn('undo_until', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .addColumn('finalised_at', 'text')
    .execute();
  await db.schema
    .createIndex('token_revocations_created')
    .on('token_revocations')
    .columns(['created_at', 'id'])
    .execute();
  for (const column of ['revoked_at', 'revocation_id'])
    await db.schema.alterTable('auth_tokens').addColumn(column, 'text').execute();
  // Undo and finalise find a revocation's tokens; only revoked tokens are in it.
  await sql`create index auth_tokens_revocation on auth_tokens (revocation_id) where revocation_id is not null`.execute(
    db,
  );
  await covering(db, COVERING_NOW);
  if (isSqlite(db)) await updateTrigger(db, [...WATCHED_BEFORE, 'revoked_at']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) await updateTrigger(db, WATCHED_BEFORE);
  await covering(db, COVERING_BEFORE);
  await db.schema.dropIndex('auth_tokens_revocation').execute();
  for (const column of ['revocation_id', 'revoked_at'])
    await db.schema.alterTable('auth_tokens').dropColumn(column).execute();
  await db.schema.dropTable('token_revocations').execute();
}
