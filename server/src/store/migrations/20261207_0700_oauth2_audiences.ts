import type { Kysely } from 'kysely';

// OAuth 2.0 audiences are owned (F-9): the first user to register an audience owns it; administrators may use any;
// anyone else gets 409 audience_taken, and only the owner's clients may introspect tokens addressed to it. The key is
// the audience normalised (oauth2/scopes.ts audienceKey, copied here so the migration never changes). Existing
// clients' audiences are claimed by their owners, the earliest client first. Tessera's own audience (the issuer URL)
// belongs to no one whatever this table says: the rule checks it before ownership.
const audienceKey = (audience: string): string => {
  try {
    const u = new URL(audience.trim());
    u.hash = '';
    return u.href.replace(/\/+$/, '');
  } catch {
    return audience.trim().replace(/\/+$/, '');
  }
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth2_audiences')
    .addColumn('audience', 'text', (c) => c.primaryKey())
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth2_audiences_owner').on('oauth2_audiences').column('owner_user_id').execute();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a data migration over tables typed elsewhere
  const typed = db as Kysely<any>;
  const clients = (await typed
    .selectFrom('oauth2_clients')
    .select(['user_id', 'scopes', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as { user_id: string; scopes: string; created_at: string }[];
  const owners = new Map<string, { owner: string; at: string }>();
  for (const c of clients) {
    for (const s of JSON.parse(c.scopes) as { audience: string }[]) {
      const key = audienceKey(s.audience);
      if (!owners.has(key)) owners.set(key, { owner: c.user_id, at: c.created_at });
    }
  }
  for (const [audience, { owner, at }] of owners) {
    await typed.insertInto('oauth2_audiences').values({ audience, owner_user_id: owner, created_at: at }).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oauth2_audiences').execute();
}
