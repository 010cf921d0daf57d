import type { Kysely } from 'kysely';

// Issue 20, point 6: a secret an administrator generated for someone else is "delivered" once the console that showed
// it confirms it (the administrator pasted it back into the reveal dialog and it matched, in the browser). Per
// credential, about its current secret only:
// - secret_issued_by: who generated the current secret (create or regenerate/reset); when it is not the owner, the
//   secret still has to reach them ("Not yet delivered" until delivered_at is set);
// - delivered_at, delivered_by: when and by whom the delivery was confirmed; a regenerate or reset clears both.
// Rows made before this stay null throughout: nobody recorded who made their secret, so none of them is shown as
// awaiting delivery. Not among the columns the SQLite credential-generation trigger watches (20261130_0500): a
// confirmation changes nothing a verification answers, so it keeps the embedded store's credential cache.
const TABLES = ['auth_tokens', 'oauth2_clients'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('secret_issued_by', 'text').execute();
    await db.schema.alterTable(table).addColumn('delivered_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('delivered_by', 'text').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES)
    for (const column of ['delivered_by', 'delivered_at', 'secret_issued_by'])
      await db.schema.alterTable(table).dropColumn(column).execute();
}
