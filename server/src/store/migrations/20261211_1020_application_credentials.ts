import type { Kysely } from 'kysely';

// Issue 21, point 3: Keystone's application credentials. Each belongs to a user and is bound to one project (deleted
// with either: ON DELETE CASCADE); its name is unique per user, as Keystone's. Only the secret's SHA-256 digest is
// kept, with a display hint; it is not unique, as a caller may choose the secret (Keystone's `secret`) and two
// identical choices must not tell one user about another's: a credential is read by id (or user and name). `roles`
// and `access_rules` are JSON arrays. A Keystone token minted from one names it (keystone_tokens.
// application_credential_id), so deleting the credential ends its tokens at once, as Keystone does. Portable DDL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('secret_digest', 'text', (c) => c.notNull())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('unrestricted', 'integer', (c) => c.notNull())
    .addColumn('access_rules', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('last_used_at', 'text')
    .addUniqueConstraint('application_credentials_user_name', ['user_id', 'name'])
    .execute();
  // The console's "credentials in this project" and the project's delete, without a scan.
  await db.schema
    .createIndex('application_credentials_project')
    .on('application_credentials')
    .column('project_id')
    .execute();
  await db.schema
    .alterTable('keystone_tokens')
    .addColumn('application_credential_id', 'text', (c) =>
      c.references('application_credentials.id').onDelete('cascade'),
    )
    .execute();
  // Deleting a credential finds its tokens by this column.
  await db.schema
    .createIndex('keystone_tokens_application_credential')
    .on('keystone_tokens')
    .column('application_credential_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('keystone_tokens_application_credential').execute();
  await db.schema.alterTable('keystone_tokens').dropColumn('application_credential_id').execute();
  await db.schema.dropTable('application_credentials').execute();
}
