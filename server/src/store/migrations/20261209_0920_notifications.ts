import type { Kysely } from 'kysely';

// Issue 19, point 5: a user's notifications (a token expiring, revoked or suspended by an administrator, created for
// them…), made by the domain events handler and the expiry notices job. `dedupe_key` is unique per user, so the
// dispatcher's at-least-once delivery and a repeated or killed job run never notify twice. The expiry job finds
// tokens by an indexed range on auth_tokens.expires_at. Portable DDL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('token_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .execute();
  // Unique per user; the dedupe key leads, so the expiry job asks "told already?" for a batch of keys by key alone.
  await db.schema
    .createIndex('notifications_dedupe_user')
    .on('notifications')
    .columns(['dedupe_key', 'user_id'])
    .unique()
    .execute();
  // A user's list, newest first, paged by (created_at, id); the unread count reads the same index.
  await db.schema
    .createIndex('notifications_user_created')
    .on('notifications')
    .columns(['user_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('auth_tokens_expires_at').on('auth_tokens').columns(['expires_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('auth_tokens_expires_at').execute();
  await db.schema.dropTable('notifications').execute();
}
