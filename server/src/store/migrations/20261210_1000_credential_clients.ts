import { type Kysely, sql } from 'kysely';
import { networkPrefix } from '../../security/network-prefix.js';

// Issue 20, points 1 and 4. Per auth token and per OAuth client:
// - its recent clients: the distinct (address, user agent) pairs of the last 30 days with first and last seen and a
//   count, at most 20 per credential (store/credential-clients.ts keeps the bound and the retention). '' stands for
//   an unknown address or an absent user agent, so the pair can be the primary key (NULLs never conflict);
// - its known networks: the /24 (IPv4) or /48 (IPv6) prefixes it was used from, at most 100 per credential, longer-
//   lived than the clients, so "first use from a new network" is decided against more than the last 30 days.
// Deleting a credential deletes both (ON DELETE CASCADE). Existing tokens' known networks are seeded from their last-
// used address, so an upgrade does not notify every token's next use. Portable DDL.
const CREDENTIALS = [
  { prefix: 'auth_token', parent: 'auth_tokens', column: 'token_id' },
  { prefix: 'oauth2_client', parent: 'oauth2_clients', column: 'client_id' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const c of CREDENTIALS) {
    await db.schema
      .createTable(`${c.prefix}_clients`)
      .addColumn(c.column, 'text', (col) => col.notNull().references(`${c.parent}.id`).onDelete('cascade'))
      .addColumn('ip', 'text', (col) => col.notNull())
      .addColumn('user_agent', 'text', (col) => col.notNull())
      .addColumn('first_seen_at', 'text', (col) => col.notNull())
      .addColumn('last_seen_at', 'text', (col) => col.notNull())
      .addColumn('count', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint(`${c.prefix}_clients_pk`, [c.column, 'ip', 'user_agent'])
      .execute();
    // The retention purge finds pairs by age across every credential.
    await db.schema
      .createIndex(`${c.prefix}_clients_last_seen`)
      .on(`${c.prefix}_clients`)
      .columns(['last_seen_at'])
      .execute();
    await db.schema
      .createTable(`${c.prefix}_networks`)
      .addColumn(c.column, 'text', (col) => col.notNull().references(`${c.parent}.id`).onDelete('cascade'))
      .addColumn('prefix', 'text', (col) => col.notNull())
      .addColumn('first_seen_at', 'text', (col) => col.notNull())
      .addColumn('last_seen_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint(`${c.prefix}_networks_pk`, [c.column, 'prefix'])
      .execute();
  }
  // Seeded a page at a time in id order: the prefix is computed here (the same function as the flush's), not in SQL.
  let after = '';
  for (;;) {
    const { rows } = await sql<{ token_id: string; last_used_at: string; last_used_ip: string }>`
      select token_id, last_used_at, last_used_ip from auth_token_usage
       where token_id > ${after} and last_used_ip is not null and last_used_at is not null
       order by token_id limit 1000`.execute(db);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.token_id;
    const seeds = rows.flatMap((r) => {
      const prefix = networkPrefix(r.last_used_ip);
      return prefix
        ? [{ token_id: r.token_id, prefix, first_seen_at: r.last_used_at, last_seen_at: r.last_used_at }]
        : [];
    });
    if (seeds.length > 0)
      await (db as Kysely<{ auth_token_networks: (typeof seeds)[number] }>)
        .insertInto('auth_token_networks')
        .values(seeds)
        .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of CREDENTIALS) {
    await db.schema.dropTable(`${c.prefix}_networks`).execute();
    await db.schema.dropTable(`${c.prefix}_clients`).execute();
  }
}
