import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Issue 21, point 4: an auth token or an OAuth client may be limited to projects. Which projects is a link table per
// credential kind (deleted with the credential, and with the project: ON DELETE CASCADE); whether the credential is
// limited at all is a flag on its own row, `projects_limited` (0: every project, the default of every credential made
// before). The flag keeps "limited" apart from the links: a credential whose every project was deleted stays limited
// (to none) rather than silently widening to every project. ADR 0011.
// The verification lookup reads the flag from the covering index (a token without a limit costs one integer more)
// and only for a limited token the links, by their primary key, in the same statement. On SQLite the credential
// generation (migration 0500) moves when the flag changes and when a link is added or removed (a project deleted
// removes its links), so the cached verifier sees a changed limit on the very next request.
const COVERING_BEFORE = [
  'digest',
  'id',
  'user_id',
  'expires_at',
  'scopes',
  'allowed_networks',
  'suspended_at',
  'revoked_at',
];
const WATCHED_BEFORE = COVERING_BEFORE;
const UPDATE_TRIGGER = 'auth_tokens_credential_update';
const LINKS = [
  ['auth_token_projects', 'token_id', 'auth_tokens'],
  ['oauth2_client_projects', 'client_id', 'oauth2_clients'],
] as const;

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

const generationTriggers = (table: string): [name: string, when: string][] => [
  [`${table}_credential_insert`, `after insert on ${table}`],
  [`${table}_credential_delete`, `after delete on ${table}`],
];

async function updateTrigger(db: Kysely<unknown>, columns: readonly string[]) {
  await sql.raw(`drop trigger if exists ${UPDATE_TRIGGER}`).execute(db);
  await sql
    .raw(
      `create trigger ${UPDATE_TRIGGER} after update of ${columns.join(', ')} on auth_tokens ` +
        'begin update credential_generation set seq = seq + 1 where id = 1; end',
    )
    .execute(db);
}

async function covering(db: Kysely<unknown>, columns: readonly string[]) {
  await db.schema.dropIndex('auth_tokens_digest_covering').execute();
  await db.schema
    .createIndex('auth_tokens_digest_covering')
    .on('auth_tokens')
    .columns([...columns])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, key, owner] of LINKS) {
    await db.schema
      .alterTable(owner)
      .addColumn('projects_limited', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable(table)
      .addColumn(key, 'text', (c) => c.notNull().references(`${owner}.id`).onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pk`, [key, 'project_id'])
      .execute();
    // A project's credentials: its deletion, and the inventories' project filter.
    await db.schema.createIndex(`${table}_project`).on(table).columns(['project_id', key]).execute();
  }
  await covering(db, [...COVERING_BEFORE, 'projects_limited']);
  if (!isSqlite(db)) return;
  await updateTrigger(db, [...WATCHED_BEFORE, 'projects_limited']);
  for (const [table] of LINKS)
    for (const [name, when] of generationTriggers(table))
      await sql
        .raw(`create trigger ${name} ${when} begin update credential_generation set seq = seq + 1 where id = 1; end`)
        .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    for (const [table] of LINKS)
      for (const [name] of generationTriggers(table)) await sql.raw(`drop trigger ${name}`).execute(db);
    await updateTrigger(db, WATCHED_BEFORE);
  }
  await covering(db, COVERING_BEFORE);
  for (const [table, , owner] of LINKS) {
    await db.schema.dropTable(table).execute();
    await db.schema.alterTable(owner).dropColumn('projects_limited').execute();
  }
}
