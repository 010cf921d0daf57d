import type { Kysely } from 'kysely';

// Issue 21, point 5: service accounts are users of another kind — no password, no console sign-in — owned by a person
// (owner_user_id) or by the administrators (null). Their credentials hang off users.id like anyone's, so verification
// and the SQLite credential cache see nothing new. Portable DDL: runs unchanged on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person'))
    .execute();
  await db.schema.alterTable('users').addColumn('owner_user_id', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // A person's own service accounts (User Settings) are read by owner.
  await db.schema.createIndex('users_owner_user_id').on('users').column('owner_user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_owner_user_id').execute();
  await db.schema.alterTable('users').dropColumn('description').execute();
  await db.schema.alterTable('users').dropColumn('owner_user_id').execute();
  await db.schema.alterTable('users').dropColumn('kind').execute();
}
