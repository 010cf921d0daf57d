import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { NEVER } from '../inventory-sql.js';

// Issue 19, the administrators' inventories (GET /api/auth-tokens, GET /api/oauth2-client-credentials). Without
// these, every page sorted the whole table: 5-10 s for the first page at 1,000,000 tokens. Each sort and the
// inactivity filter now walk an index from the cursor and stop after a page (store/auth-token-inventory.ts):
// - auth_tokens (created_at, id): the default sort (newest first), "created before", and never-used tokens by age;
// - auth_tokens (coalesce(expires_at, NEVER), id): the expiry sort, "expires before" and the expired status (an
//   expression index: the query spells the same expression with the same literal);
// - auth_tokens (user_id, id): the owner sort (users by username, then each owner's tokens in id order); it
//   replaces auth_tokens_user_id (user_id), whose every use it serves, so a token write updates as many indexes;
// - auth_token_usage (last_used_at, token_id): the last-use sort and "unused for N days" for used tokens;
// - oauth2_clients (created_at, id) and (coalesce(expires_at, NEVER), id): the same two sorts for OAuth clients
//   (hundreds, not millions, but the same query shape).
// The verification lookup keeps its covering digest index; nothing here is on its path. The usage flush updates one
// more small index per used token (a few pages per flush).
// Time at 1,000,000 tokens over 10,000 users, 600,000 of them used (npm run inventory-timing -w bench [-- --postgres]),
// measured on a shared 2-core machine at load average ~18: SQLite 9-12 s, PostgreSQL 20-29 s (six index builds). SQLite
// writes nothing else meanwhile (the migration runs before the server listens). PostgreSQL builds them in the migration's transaction under a SHARE lock: reads, and so every replica's
// verification, go on; token creates and the usage flush of replicas still running wait for the build.
export async function up(db: Kysely<unknown>): Promise<void> {
  const expiry = sql.raw(`(coalesce(expires_at, '${NEVER}'))`);
  await sql`create index auth_tokens_created on auth_tokens (created_at, id)`.execute(db);
  await sql`create index auth_tokens_expiry on auth_tokens (${expiry}, id)`.execute(db);
  await sql`create index auth_tokens_owner_id on auth_tokens (user_id, id)`.execute(db);
  await db.schema.dropIndex('auth_tokens_user_id').execute();
  await sql`create index auth_token_usage_last_used on auth_token_usage (last_used_at, token_id)`.execute(db);
  await sql`create index oauth2_clients_created on oauth2_clients (created_at, id)`.execute(db);
  await sql`create index oauth2_clients_expiry on oauth2_clients (${expiry}, id)`.execute(db);
  // PostgreSQL keeps statistics of an expression index's expression only from the next ANALYZE: until autovacuum
  // gets to it, "expired" would be planned on a guess (a scan of every token). A sample of the tables, about a second
  // at a million tokens. SQLite gets none on purpose: the store never runs ANALYZE there and its queries are written
  // for the planner without statistics (auth-token-inventory.ts).
  if (!(db.getExecutor().adapter instanceof SqliteAdapter))
    await sql`analyze auth_tokens, auth_token_usage, oauth2_clients`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('auth_tokens_user_id').on('auth_tokens').column('user_id').execute();
  for (const index of [
    'oauth2_clients_expiry',
    'oauth2_clients_created',
    'auth_token_usage_last_used',
    'auth_tokens_owner_id',
    'auth_tokens_expiry',
    'auth_tokens_created',
  ])
    await db.schema.dropIndex(index).execute();
}
