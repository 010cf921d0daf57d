import { type Kysely, SqliteAdapter, sql } from 'kysely';

// The embedded store keeps the credentials it has looked up in memory (see sqlite.ts). What makes that safe is one
// number that every change able to alter a verification's answer increments, in the same transaction as the change:
// a token created, deleted or regenerated (its digest, owner or expiry changed), and a user changed in what a
// principal carries or in whether it may use tokens. Triggers do it, so no write path can forget, and a write by
// another process on the same file (the migration CLI, a second server) counts the same. Every lookup reads the
// number first (a one-row table, a fraction of a microsecond) and drops the whole memory when it has moved.
// PostgreSQL gets none of this: there each verification reads the tables, and reading this row would cost the same
// round trip as the lookup it would save.
const TRIGGERS: [name: string, when: string][] = [
  ['auth_tokens_credential_insert', 'after insert on auth_tokens'],
  ['auth_tokens_credential_update', 'after update of id, digest, user_id, expires_at on auth_tokens'],
  ['auth_tokens_credential_delete', 'after delete on auth_tokens'],
  [
    'users_credential_update',
    'after update of id, username, display_name, role, disabled, api_tokens_enabled on users',
  ],
  ['users_credential_delete', 'after delete on users'],
];

function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`create table credential_generation (id integer primary key check (id = 1), seq integer not null)`.execute(
    db,
  );
  await sql`insert into credential_generation (id, seq) values (1, 0)`.execute(db);
  for (const [name, when] of TRIGGERS)
    await sql
      .raw(`create trigger ${name} ${when} begin update credential_generation set seq = seq + 1 where id = 1; end`)
      .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) return;
  for (const [name] of TRIGGERS) await sql.raw(`drop trigger ${name}`).execute(db);
  await sql`drop table credential_generation`.execute(db);
}
