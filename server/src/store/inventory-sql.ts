import { type AliasedSelectQueryBuilder, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from './rows.js';

// What the administrators' inventories (auth tokens, OAuth clients; issue 19) share: keyset cursors, the bounded
// count, LIKE escaping, and the stand-in that sorts a missing expiry after every date. Portable SQL: ISO timestamps
// compare as text on SQLite and PostgreSQL, and row values ((a, b) < (x, y)) walk a two-column index on both.

/** Counting stops here: beyond it the answer says "at least" (a million-row count is not worth a page's time). */
export const COUNT_BOUND = 10_000;

/**
 * A missing expiry sorts (and compares) after every date. Spelled into the SQL as a literal, never a parameter: the
 * expression indexes on `coalesce(expires_at, NEVER)` (migration 20261209_0940) match only the same text.
 */
export const NEVER = '9999-12-31T23:59:59.999Z';
export const neverExpiresKey = (column: string) => sql.raw(`coalesce(${column}, '${NEVER}')`);

/** `%text%` for LIKE, its own wildcards escaped (with `escape '\'`). */
export const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page boundary: the sort value and the id of the last row shown. */
export interface Cursor {
  v: string;
  id: string;
}
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');

/** A cursor back from the client; undefined when it is not one this server made (the caller answers 400). */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((x) => typeof x === 'string'))
      return { v: parsed[0] as string, id: parsed[1] as string };
  } catch {
    // fall through
  }
  return undefined;
}

export const and = (clauses: readonly Expression<SqlBool>[]) =>
  clauses.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(clauses, sql` and `)}`;

/**
 * Rows after (or before, descending) the cursor in (key, id) order: a row value, so a (key, id) index seeks; and the
 * key alone bounded too, for a key and id of two tables (the owner sort: users by username, then their tokens by id).
 */
export const afterCursor = (key: RawBuilder<unknown>, id: RawBuilder<unknown>, c: Cursor, descending: boolean) =>
  descending
    ? sql<SqlBool>`(${key} <= ${c.v} and (${key}, ${id}) < (${c.v}, ${c.id}))`
    : sql<SqlBool>`(${key} >= ${c.v} and (${key}, ${id}) > (${c.v}, ${c.id}))`;

export const direction = (descending: boolean) => (descending ? sql`desc` : sql`asc`);

/** How many rows a selection of ones holds; give it `.limit(COUNT_BOUND + 1).as('m')` so the count stops there. */
export async function boundedCount(db: Db, ones: AliasedSelectQueryBuilder<{ one: unknown }, 'm'>): Promise<number> {
  const row = await db
    .selectFrom(ones)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The page's total and its flag from a count that may have passed the bound. */
export const totalOf = (n: number) => ({ total: Math.min(n, COUNT_BOUND), totalIsLowerBound: n > COUNT_BOUND });
