import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Issue 22, point 1 (ADR 0014): PostgreSQL replicas keep the credentials they have looked up in memory, as the
// embedded store does (migration 0500), and learn of every change able to alter a verification's answer through one
// notification channel, `tessera_changes`, sent by triggers in the transaction of the change (so delivered at its
// commit, never for a rollback). The tables and columns are those the embedded store's generation triggers watch;
// the last-used flush (auth_token_usage, the clients, a grace window's use columns) notifies nothing, or every replica
// would drop its memory every second. Statement-level: a bulk revocation is one notification, not one per token;
// inserts and deletes notify only when they touched a row (a purge that found nothing is no change). The payload
// names the schema (schemas of one database are separate deployments), what changed and when (clock_timestamp, ms),
// so the receiver can measure its invalidation lag.
// Point 5: the OAuth signing keys (a rotation) and the lifecycle policy (its settings row) are announced the same
// way, so every replica reloads them within a second instead of at its next poll.
export const CHANGES_CHANNEL = 'tessera_changes';

type Trigger = [table: string, event: string, kind: 'credentials' | 'signing_keys', rows?: 'old' | 'new'];

const TRIGGERS: Trigger[] = [
  ['auth_tokens', 'insert', 'credentials', 'new'],
  ['auth_tokens', 'delete', 'credentials', 'old'],
  [
    'auth_tokens',
    'update of id, digest, user_id, expires_at, scopes, allowed_networks, suspended_at, revoked_at, projects_limited',
    'credentials',
  ],
  ['users', 'update of id, username, display_name, role, disabled, api_tokens_enabled', 'credentials'],
  ['users', 'delete', 'credentials', 'old'],
  ['auth_token_projects', 'insert', 'credentials', 'new'],
  ['auth_token_projects', 'delete', 'credentials', 'old'],
  ['auth_token_grace', 'insert', 'credentials', 'new'],
  ['auth_token_grace', 'update of credential_id, digest, valid_until', 'credentials'],
  ['auth_token_grace', 'delete', 'credentials', 'old'],
  ['oauth2_signing_keys', 'insert', 'signing_keys', 'new'],
  ['oauth2_signing_keys', 'update', 'signing_keys'],
  ['oauth2_signing_keys', 'delete', 'signing_keys', 'old'],
];

/** Row-level, for the one settings row that holds the policy (other settings notify nothing). */
const POLICY_TRIGGERS: [event: string, row: 'new' | 'old'][] = [
  ['insert', 'new'],
  ['update', 'new'],
  ['delete', 'old'],
];

const triggerName = (table: string, event: string) => `${table}_notify_${event.split(' ')[0]}`;

const payload = `json_build_object('schema', TG_TABLE_SCHEMA, 'kind', TG_ARGV[0],
      'at', floor(extract(epoch from clock_timestamp()) * 1000))::text`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql
    .raw(
      `create function tessera_notify_change() returns trigger language plpgsql as $$
  begin
    perform pg_notify('${CHANGES_CHANNEL}', ${payload});
    return null;
  end $$`,
    )
    .execute(db);
  // The same, only when the statement touched a row (its transition table, named `changed`, is not empty).
  await sql
    .raw(
      `create function tessera_notify_rows_changed() returns trigger language plpgsql as $$
  begin
    if exists (select 1 from changed) then perform pg_notify('${CHANGES_CHANNEL}', ${payload}); end if;
    return null;
  end $$`,
    )
    .execute(db);
  for (const [table, event, kind, rows] of TRIGGERS) {
    const referencing = rows ? `referencing ${rows} table as changed` : '';
    const fn = rows ? 'tessera_notify_rows_changed' : 'tessera_notify_change';
    await sql
      .raw(
        `create trigger ${triggerName(table, event)} after ${event} on ${table} ${referencing}
         for each statement execute function ${fn}('${kind}')`,
      )
      .execute(db);
  }
  for (const [event, row] of POLICY_TRIGGERS)
    await sql
      .raw(
        `create trigger settings_notify_policy_${event} after ${event} on settings for each row
         when (${row}.key = 'policy') execute function tessera_notify_change('policy')`,
      )
      .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  for (const [event] of POLICY_TRIGGERS)
    await sql.raw(`drop trigger settings_notify_policy_${event} on settings`).execute(db);
  for (const [table, event] of TRIGGERS)
    await sql.raw(`drop trigger ${triggerName(table, event)} on ${table}`).execute(db);
  await sql`drop function tessera_notify_rows_changed()`.execute(db);
  await sql`drop function tessera_notify_change()`.execute(db);
}
