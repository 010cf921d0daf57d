import type { Kysely } from 'kysely';

// Issue 21, point 2: a Keystone token scoped to a project remembers the project and the roles it was issued with (a
// JSON array; '[]' for an unscoped or domain-scoped token, as every token made before this). Deleting the project
// ends its tokens (ON DELETE CASCADE), as Keystone invalidates them. Portable DDL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('keystone_tokens')
    .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('keystone_tokens')
    .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('keystone_tokens').dropColumn('roles').execute();
  await db.schema.alterTable('keystone_tokens').dropColumn('project_id').execute();
}
