import type { Kysely } from 'kysely';

// OAuth 2.0 client credentials, the keys that sign their access tokens, and revoked access tokens. Portable DDL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth2_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('secret_digest', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('secret_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('secret_reset_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('oauth2_clients_user_id').on('oauth2_clients').column('user_id').execute();

  await db.schema
    .createTable('oauth2_signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk_encrypted', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('oauth2_revoked_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth2_revoked_tokens_expires_at')
    .on('oauth2_revoked_tokens')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['oauth2_revoked_tokens', 'oauth2_signing_keys', 'oauth2_clients']) {
    await db.schema.dropTable(t).execute();
  }
}
