import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Issue 18, least privilege. Auth tokens gain their scopes (space-separated names; null is "full access", which every
// token made before this migration keeps until its owner narrows it), a network allow-list (normalised CIDR ranges,
// space-separated; null is anywhere) and a suspension time (null: active). OAuth clients gain the allow-list and the
// suspension; their scopes are already their audience+scope pairs.
// The verification lookup reads the new columns: the covering index grows to hold them, so it still never visits the
// table row, and on SQLite the credential generation trigger also fires when they change (a narrowed, restricted or
// suspended token is refused on the very next request, in every process on the file).
const COVERING = ['digest', 'id', 'user_id', 'expires_at'];
const COVERING_NOW = [...COVERING, 'scopes', 'allowed_networks', 'suspended_at'];
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

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['scopes', 'allowed_networks', 'suspended_at'])
    await db.schema.alterTable('auth_tokens').addColumn(column, 'text').execute();
  for (const column of ['allowed_networks', 'suspended_at'])
    await db.schema.alterTable('oauth2_clients').addColumn(column, 'text').execute();
  await db.schema.dropIndex('auth_tokens_digest_covering').execute();
  await db.schema.createIndex('auth_tokens_digest_covering').on('auth_tokens').columns(COVERING_NOW).execute();
  if (isSqlite(db))
    await updateTrigger(db, ['id', 'digest', 'user_id', 'expires_at', 'scopes', 'allowed_networks', 'suspended_at']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) await updateTrigger(db, ['id', 'digest', 'user_id', 'expires_at']);
  await db.schema.dropIndex('auth_tokens_digest_covering').execute();
  await db.schema.createIndex('auth_tokens_digest_covering').on('auth_tokens').columns(COVERING).execute();
  for (const column of ['allowed_networks', 'suspended_at'])
    await db.schema.alterTable('oauth2_clients').dropColumn(column).execute();
  for (const column of ['scopes', 'allowed_networks', 'suspended_at'])
    await db.schema.alterTable('auth_tokens').dropColumn(column).execute();
}
