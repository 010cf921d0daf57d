import type { Kysely } from 'kysely';

// When each user last signed in to the console (users list, user details); null until the first sign-in after this.
// Not among the columns the SQLite credential-generation trigger watches, so recording a sign-in keeps the cache.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
}
