import type { Kysely } from 'kysely';

// Issue 21, points 1 and 2: Keystone's projects in the deployment's one domain, and who holds which role in each.
// A project's name is unique within the domain regardless of case (`name_key` is its lower-case form), as Keystone's
// SQL backends compare it. A role assignment is (project, user, role); a user may hold both roles. Deleting a project
// or a user deletes its assignments (ON DELETE CASCADE). `enabled` is 0/1 like users.disabled. Portable DDL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('domain_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('project_members')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id', 'role'])
    .execute();
  // A user's projects (scope checks, "my projects"), without scanning every assignment.
  await db.schema
    .createIndex('project_members_user')
    .on('project_members')
    .columns(['user_id', 'project_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_members').execute();
  await db.schema.dropTable('projects').execute();
}
