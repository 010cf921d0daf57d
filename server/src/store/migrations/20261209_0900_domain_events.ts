import type { Kysely } from 'kysely';

// Issue 19, governance. The domain events' outbox: a change that webhooks and notifications react to (a token
// created, revoked, expiring…) writes its event row in the same transaction as its audit row, so an acknowledged
// change is never lost to a crash between the two. The dispatcher job (events/dispatcher.ts) hands pending rows to
// their handlers and marks them dispatched; dispatched rows are purged after a week. Portable DDL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('domain_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('token_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('dispatched_at', 'text')
    .execute();
  await db.schema
    .createIndex('domain_events_pending')
    .on('domain_events')
    .columns(['dispatched_at', 'at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('domain_events').execute();
}
