import { type Kysely, sql } from 'kysely';

// Last use moves to a narrow table keyed by token id: the flush every few seconds then rewrites a few pages of
// small rows instead of one page of the wide auth_tokens table per used token. The old columns stay in place
// (dropping them rewrites the whole table) but are no longer read or written.
// A covering index serves the verification lookup (digest → id, owner, expiry) without visiting the table row.
// Portable DDL: runs unchanged on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_token_usage')
    .addColumn('token_id', 'text', (c) => c.primaryKey().references('auth_tokens.id').onDelete('cascade'))
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_ip', 'text')
    .execute();
  await sql`insert into auth_token_usage (token_id, last_used_at, last_used_ip)
            select id, last_used_at, last_used_ip from auth_tokens where last_used_at is not null`.execute(db);
  await db.schema
    .createIndex('auth_tokens_digest_covering')
    .on('auth_tokens')
    .columns(['digest', 'id', 'user_id', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('auth_tokens_digest_covering').execute();
  await sql`update auth_tokens set last_used_at = (select u.last_used_at from auth_token_usage u where u.token_id = auth_tokens.id),
                                   last_used_ip = (select u.last_used_ip from auth_token_usage u where u.token_id = auth_tokens.id)`.execute(
    db,
  );
  await db.schema.dropTable('auth_token_usage').execute();
}
