import { type Expression, type SqlBool, sql } from 'kysely';
import { SCOPES } from '../scopes/vocabulary.js';
import type { InventoryPage, InventoryQuery } from './auth-tokens.js';
import { tokenColumns, toToken, type TokenRow } from './auth-token-rows.js';
import type { Db } from './rows.js';

// The administrators' inventory (issue 19): every user's tokens in one list, filtered in SQL and paged by key (the
// sort value and the id of the last row), so page 500 costs what page 1 does. The same portable query runs on SQLite
// and PostgreSQL: ISO timestamps compare as text on both.

/** Counting stops here: beyond it the answer says "at least" (a million-row count is not worth a page's time). */
export const COUNT_BOUND = 10_000;
// Sort stand-ins for missing values: a token that never expires sorts after every date; one never used before all.
const NEVER = '9999-12-31T23:59:59.999Z';

const SORT_SQL = {
  created: sql<string>`t.created_at`,
  expires: sql<string>`coalesce(t.expires_at, ${NEVER})`,
  lastUsed: sql<string>`coalesce(u.last_used_at, '')`,
  owner: sql<string>`o.username`,
} as const;

const ADMIN_ONLY = new Set<string>(SCOPES.filter((s) => s.adminOnly).map((s) => s.name));

/** `%text%` for LIKE, its own wildcards escaped (with `escape '\'`). */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface Cursor {
  v: string;
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');

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

function base(db: Db) {
  return db
    .selectFrom('auth_tokens as t')
    .innerJoin('users as o', 'o.id', 't.user_id')
    .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
    .leftJoin('token_revocations as r', 'r.id', 't.revocation_id');
}

/**
 * The filters as one condition (a list of ANDed clauses; none: every token), over `auth_tokens as t`, `users as o`
 * and `auth_token_usage as u`: the inventory's page and a revocation's selection (store/revocations.ts) share it.
 */
export function conditions(q: InventoryQuery): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const { now } = q;
  if (q.ownerId !== undefined) out.push(sql<SqlBool>`t.user_id = ${q.ownerId}`);
  if (q.createdBy !== undefined) out.push(sql<SqlBool>`t.created_by = ${q.createdBy}`);
  // Revoked wins over suspended and expired; expired over suspended.
  if (q.status === 'revoked') out.push(sql<SqlBool>`t.revoked_at is not null`);
  if (q.status === 'expired')
    out.push(sql<SqlBool>`(t.revoked_at is null and t.expires_at is not null and t.expires_at <= ${now})`);
  if (q.status === 'suspended')
    out.push(
      sql<SqlBool>`(t.revoked_at is null and t.suspended_at is not null and (t.expires_at is null or t.expires_at > ${now}))`,
    );
  if (q.status === 'active')
    out.push(
      sql<SqlBool>`(t.revoked_at is null and t.suspended_at is null and (t.expires_at is null or t.expires_at > ${now}))`,
    );
  if (q.notRevoked === true) out.push(sql<SqlBool>`t.revoked_at is null`);
  if (q.ids !== undefined)
    out.push(
      q.ids.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`t.id in (${sql.join(q.ids.map((id) => sql`${id}`))})`,
    );
  if (q.scope !== undefined) {
    // Full access (null) holds every scope of its owner's role; a list holds the names it spells.
    const full = ADMIN_ONLY.has(q.scope)
      ? sql<SqlBool>`(t.scopes is null and o.role = 'admin')`
      : sql`t.scopes is null`;
    out.push(sql<SqlBool>`(${full} or (' ' || t.scopes || ' ') like ${`% ${q.scope} %`})`);
  }
  if (q.neverExpires === true) out.push(sql<SqlBool>`t.expires_at is null`);
  if (q.neverExpires === false) out.push(sql<SqlBool>`t.expires_at is not null`);
  if (q.expiresBefore !== undefined)
    out.push(sql<SqlBool>`(t.expires_at is not null and t.expires_at < ${q.expiresBefore})`);
  if (q.createdBefore !== undefined) out.push(sql<SqlBool>`t.created_at < ${q.createdBefore}`);
  if (q.unusedSince !== undefined) out.push(sql<SqlBool>`coalesce(u.last_used_at, t.created_at) < ${q.unusedSince}`);
  if (q.search !== undefined && q.search !== '') {
    const like = containing(q.search);
    out.push(sql<SqlBool>`(lower(t.description) like ${like} escape '\\' or lower(t.hint) like ${like} escape '\\')`);
  }
  return out;
}

const and = (clauses: Expression<SqlBool>[]) =>
  clauses.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(clauses, sql` and `)}`;

export async function tokenInventory(db: Db, q: InventoryQuery): Promise<InventoryPage> {
  const filters = conditions(q);
  const key = SORT_SQL[q.sort.by];
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const page = after
    ? [
        ...filters,
        q.sort.descending
          ? sql<SqlBool>`(${key} < ${after.v} or (${key} = ${after.v} and t.id < ${after.id}))`
          : sql<SqlBool>`(${key} > ${after.v} or (${key} = ${after.v} and t.id > ${after.id}))`,
      ]
    : filters;
  const direction = q.sort.descending ? sql`desc` : sql`asc`;
  const rows = await base(db)
    .select([...tokenColumns, 'o.username as owner_username', 'o.display_name as owner_display_name'])
    .select(['o.role as owner_role', key.as('sort_value')])
    .where(and(page))
    .orderBy(sql`${key} ${direction}`)
    .orderBy(sql`t.id ${direction}`)
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown[shown.length - 1];
  const counted = await db
    .selectFrom(
      base(db)
        .select(sql`1`.as('one'))
        .where(and(filters))
        .limit(COUNT_BOUND + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(counted.n);
  return {
    items: shown.map((r) => ({
      token: toToken(r as TokenRow),
      owner: { id: r.user_id, username: r.owner_username, displayName: r.owner_display_name, role: r.owner_role },
    })),
    nextCursor: more && last ? encodeCursor({ v: String(last.sort_value), id: last.id }) : null,
    total: Math.min(n, COUNT_BOUND),
    totalIsLowerBound: n > COUNT_BOUND,
  };
}
