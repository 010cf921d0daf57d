import type { Kysely } from 'kysely';

// Short-lived Keystone tokens, kept apart from auth tokens: only the SHA-256 digest, never the token itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('keystone_tokens')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('audit_id', 'text', (c) => c.notNull())
    .addColumn('methods', 'text', (c) => c.notNull())
    .addColumn('domain_scoped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('keystone_tokens_user_id').on('keystone_tokens').column('user_id').execute();
  await db.schema.createIndex('keystone_tokens_expires_at').on('keystone_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('keystone_tokens').execute();
}
