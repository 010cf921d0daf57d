import type { Kysely } from 'kysely';

// Issue 21, point 6: a user signed in through the OpenID provider is found again by the provider's (issuer, subject)
// pair, never by a name. A user has at most one identity per issuer; the account's own row keeps no password for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema
    .createIndex('user_identities_user_issuer')
    .on('user_identities')
    .columns(['user_id', 'issuer'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_identities').execute();
}
