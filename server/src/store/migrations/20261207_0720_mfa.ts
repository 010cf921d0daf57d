import type { Kysely } from 'kysely';

// Second factors (H3): one authenticator-app secret per user (sealed, never in clear; the last accepted time step kept
// so a code is good once), ten recovery codes as keyed digests, and WebAuthn credentials (public keys only).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_mfa_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_used_step', 'bigint')
    .execute();
  await db.schema
    .createTable('user_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('user_recovery_codes_user_digest')
    .on('user_recovery_codes')
    .columns(['user_id', 'digest'])
    .unique()
    .execute();
  await db.schema
    .createTable('user_webauthn_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema
    .createIndex('user_webauthn_credentials_user_id')
    .on('user_webauthn_credentials')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_webauthn_credentials').execute();
  await db.schema.dropTable('user_recovery_codes').execute();
  await db.schema.dropTable('user_mfa_totp').execute();
}
