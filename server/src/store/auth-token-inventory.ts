import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { SCOPES } from '../scopes/vocabulary.js';
import type { InventoryPage, InventoryQuery } from './auth-tokens.js';
import { tokenColumns, toToken, type TokenRow } from './auth-token-rows.js';
import {
  afterCursor,
  and,
  containing,
  COUNT_BOUND,
  decodeCursor,
  direction,
  encodeCursor,
  neverExpiresKey,
  totalOf,
} from './inventory-sql.js';
import type { Db } from './rows.js';
import { limitedToProject, limitOf, projectsOfLimited } from './credential-projects.js';

export { COUNT_BOUND, decodeCursor };

// The administrators' inventory (issue 19): every user's tokens in one list, filtered in SQL and paged by key (the
// sort value and the id of the last row), so page 500 costs what page 1 does. Every sort walks an index of migration
// 20261209_0940 from the cursor and stops after a page: (created_at, id), (coalesce(expires_at, NEVER), id), users by
// username then auth_tokens (user_id, id), and for last use auth_token_usage (last_used_at, token_id).
//
// Last use lives in auth_token_usage, a row per token once used. A never-used token counts from its creation, or
// from its last regenerate (which deletes the usage row: the new secret has not been used), so "unused since X" is
// two index walks, not one unindexable coalesce: used tokens whose last use is before X (the usage index) and
// never-used tokens created and regenerated before X ((created_at, id), each checked against the usage key and its
// regenerated_at). The lastUsed sort is the same two walks in a row: never-used tokens first (by creation: a
// regenerated one shows no last use, like any other), then used ones by last use; descending the other way round.
// The cursor says which walk it stopped in ('0' never used, '1' used).

const EXPIRY = neverExpiresKey('t.expires_at');

/**
 * Each status as a condition at `now`, written so the expiry index seeks. A new status is one more entry here.
 * Revoked wins over suspended and expired (H2's revocations); expired over suspended.
 */
export const STATUS_SQL: Record<NonNullable<InventoryQuery['status']>, (now: string) => Expression<SqlBool>> = {
  revoked: () => sql<SqlBool>`t.revoked_at is not null`,
  expired: (now) => sql<SqlBool>`(t.revoked_at is null and ${EXPIRY} <= ${now})`,
  suspended: (now) => sql<SqlBool>`(t.revoked_at is null and t.suspended_at is not null and ${EXPIRY} > ${now})`,
  active: (now) => sql<SqlBool>`(t.revoked_at is null and t.suspended_at is null and ${EXPIRY} > ${now})`,
};

const ADMIN_ONLY = new Set<string>(SCOPES.filter((s) => s.adminOnly).map((s) => s.name));

/**
 * The rows, joined so the walk's index drives: from the tokens (the default), from the usage rows (by last use) or
 * from the users (by owner). The joins are written as cross joins with the key in WHERE because SQLite keeps a cross
 * join's order: without statistics (a store never runs ANALYZE) it would otherwise read the 10,000 users first and
 * sort every token. PostgreSQL plans a cross join with a join condition as the inner join it is. A revoked token's
 * revocation comes along (`token_revocations as r`, by its primary key).
 */
function base(db: Db, drive: Drive = 't') {
  const joined =
    drive === 'u'
      ? db
          .selectFrom('auth_token_usage as u')
          .crossJoin('auth_tokens as t')
          .crossJoin('users as o')
          .leftJoin('token_revocations as r', 'r.id', 't.revocation_id')
          .where(sql<SqlBool>`t.id = u.token_id`)
      : drive === 'o'
        ? db
            .selectFrom('users as o')
            .crossJoin('auth_tokens as t')
            .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
            .leftJoin('token_revocations as r', 'r.id', 't.revocation_id')
        : db
            .selectFrom('auth_tokens as t')
            .crossJoin('users as o')
            .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
            .leftJoin('token_revocations as r', 'r.id', 't.revocation_id');
  return joined.where(sql<SqlBool>`o.id = t.user_id`);
}

/**
 * The filters as one condition (ANDed clauses; none: every token) over `auth_tokens as t`, `users as o` and
 * `auth_token_usage as u`, inactivity included: a revocation's selection (store/revocations.ts) reads it whole. The
 * inventory's pages read inactivity through their index walks instead (filterConditions and walksFor).
 */
export function conditions(q: InventoryQuery): Expression<SqlBool>[] {
  const out = filterConditions(q);
  if (q.unusedSince !== undefined) out.push(unusedBefore(q.unusedSince));
  return out;
}

/**
 * The one inactivity rule (inventory, revocations, the inactivity job, the policy's impact): a token's last activity
 * is its last use, else its last regenerate (the usage row goes with the old secret), else its creation.
 */
export const lastActivity = sql<string>`coalesce(u.last_used_at, t.regenerated_at, t.created_at)`;
export const unusedBefore = (since: string) => sql<SqlBool>`${lastActivity} < ${since}`;

/**
 * "Never used, created and regenerated before X", written so the (created_at, id) index seeks: no coalesce over it.
 * regenerated_at is never before created_at, so this is lastActivity < X for a token without a usage row.
 */
const quietSince = (since: string) =>
  sql<SqlBool>`t.created_at < ${since} and (t.regenerated_at is null or t.regenerated_at < ${since})`;

/** The filters but inactivity, as ANDed clauses (none: every token). */
function filterConditions(q: InventoryQuery): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (q.ownerId !== undefined) out.push(sql<SqlBool>`t.user_id = ${q.ownerId}`);
  if (q.createdBy !== undefined) out.push(sql<SqlBool>`t.created_by = ${q.createdBy}`);
  if (q.status !== undefined) out.push(STATUS_SQL[q.status](q.now));
  if (q.notRevoked === true) out.push(sql<SqlBool>`t.revoked_at is null`);
  if (q.unexpired === true) out.push(sql<SqlBool>`${EXPIRY} > ${q.now}`);
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
  if (q.expiresBefore !== undefined) out.push(sql<SqlBool>`${EXPIRY} < ${q.expiresBefore}`);
  if (q.createdBefore !== undefined) out.push(sql<SqlBool>`t.created_at < ${q.createdBefore}`);
  if (q.search !== undefined && q.search !== '') {
    const like = containing(q.search);
    out.push(sql<SqlBool>`(lower(t.description) like ${like} escape '\\' or lower(t.hint) like ${like} escape '\\')`);
  }
  if (q.projectId !== undefined) out.push(limitedToProject('auth_token_projects', 'token_id', 't', q.projectId));
  return out;
}

/** One index walk: its rows, the sort value it orders by (then the id), and its tag in the cursor. */
type Drive = 't' | 'u' | 'o';
interface Walk {
  tag: string;
  drive: Drive;
  where: Expression<SqlBool>[];
  key: RawBuilder<string>;
  id: RawBuilder<string>;
}

/**
 * The two halves of "by last use", each with the inactivity filter in the form its index seeks. One owner's tokens
 * (a hundred, not a million) are found by the owner index instead, and the used ones sorted: the usage index would
 * walk every used token of everyone to find them.
 */
function lastUseWalks(q: Pick<InventoryQuery, 'unusedSince' | 'ownerId'>): { never: Walk; used: Walk } {
  const { unusedSince } = q;
  return {
    never: {
      tag: '0',
      drive: 't',
      where: [
        // No usage row (the flush writes none without a time): the form PostgreSQL plans as an anti-join.
        sql<SqlBool>`u.token_id is null`,
        ...(unusedSince === undefined ? [] : [quietSince(unusedSince)]),
      ],
      key: sql<string>`t.created_at`,
      id: sql<string>`t.id`,
    },
    used: {
      tag: '1',
      drive: q.ownerId === undefined ? 'u' : 't',
      where: [
        sql<SqlBool>`u.last_used_at is not null`,
        ...(unusedSince === undefined ? [] : [sql<SqlBool>`u.last_used_at < ${unusedSince}`]),
      ],
      key: sql<string>`u.last_used_at`,
      id: sql<string>`u.token_id`,
    },
  };
}

/** The walks a sort reads, in page order. */
function walksFor(q: InventoryQuery): Walk[] {
  const { by, descending } = q.sort;
  if (by === 'lastUsed') {
    const { never, used } = lastUseWalks(q);
    return descending ? [used, never] : [never, used];
  }
  // A token is never used (nor regenerated) before it is made, so "unused since X" implies "created before X": the
  // created_at index then starts at X.
  const where =
    q.unusedSince === undefined ? [] : [unusedBefore(q.unusedSince), sql<SqlBool>`t.created_at < ${q.unusedSince}`];
  const key = { created: sql<string>`t.created_at`, expires: EXPIRY, owner: sql<string>`o.username` }[by];
  return [{ tag: '', drive: by === 'owner' ? 'o' : 't', where, key: key as RawBuilder<string>, id: sql<string>`t.id` }];
}

async function walkRows(db: Db, walk: Walk, filters: Expression<SqlBool>[], q: InventoryQuery, from?: string, n = 0) {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const where = [...filters, ...walk.where];
  if (after && from !== undefined)
    where.push(afterCursor(walk.key, walk.id, { v: from, id: after.id }, q.sort.descending));
  return base(db, walk.drive)
    .select([...tokenColumns, 'o.username as owner_username', 'o.display_name as owner_display_name'])
    .select(['o.role as owner_role', 'o.kind as owner_kind', walk.key.as('sort_value')])
    .where(and(where))
    .orderBy(sql`${walk.key} ${direction(q.sort.descending)}`)
    .orderBy(sql`${walk.id} ${direction(q.sort.descending)}`)
    .limit(n)
    .execute();
}

// The cheap count first: the usage index alone often reaches the bound, and the never-used walk (a usage lookup per
// token) is then not read at all.
const usedThenNever = (w: { never: Walk; used: Walk }) => [w.used, w.never];

/**
 * How many tokens match, up to the bound: with inactivity, the sum of the two last-use walks' counts. Only the tables
 * the conditions read are joined: with no filter, "used before X" is a range of the usage index alone, and every
 * token a range of an auth_tokens index, never a million-row lookup of owners (a token always has one).
 */
async function countMatching(db: Db, filters: Expression<SqlBool>[], q: InventoryQuery): Promise<number> {
  const walks: Pick<Walk, 'drive' | 'where'>[] =
    q.unusedSince === undefined ? [{ drive: 't', where: [] }] : usedThenNever(lastUseWalks(q));
  const owner = q.scope !== undefined && ADMIN_ONLY.has(q.scope);
  let n = 0;
  for (const walk of walks) {
    if (n > COUNT_BOUND) break;
    const tokens = walk.drive !== 'u' || filters.length > 0 || owner;
    const joins: Expression<SqlBool>[] = [];
    let from =
      walk.drive !== 'u'
        ? sql`auth_tokens t${walk.where.length > 0 ? sql` left join auth_token_usage u on u.token_id = t.id` : sql``}`
        : sql`auth_token_usage u${tokens ? sql` cross join auth_tokens t` : sql``}`;
    if (walk.drive === 'u' && tokens) joins.push(sql<SqlBool>`t.id = u.token_id`);
    if (owner) {
      from = sql`${from} cross join users o`;
      joins.push(sql<SqlBool>`o.id = t.user_id`);
    }
    const where = and([...joins, ...filters, ...walk.where]);
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from (select 1 as one from ${from}
      where ${where} limit ${COUNT_BOUND + 1 - n}) m`.execute(db);
    n += Number(rows[0]?.n ?? 0);
  }
  return n;
}

/** Rows of the sort's index a page may pass over from its cursor before the filter's own index is read instead. */
const LOOK_AHEAD_ROWS = 5000;

/**
 * Matches a filter the sort's index does not order by that lie far along that order — few of them (up to the count's
 * bound), or fewer than a page within LOOK_AHEAD_ROWS of the cursor (`status=expired` newest first, when every expired
 * token is older than the unexpired million): the sort key is hidden from the index (`|| ''`), so the plan reads the
 * filter's index (expiry, owner…) and sorts the matches, instead of walking the sort's index past every non-match
 * (seconds at a million: past PostgreSQL's statement bound). The last-use walks already read their filter's index.
 */
async function sparse(db: Db, walks: Walk[], filters: Expression<SqlBool>[], n: number, q: InventoryQuery) {
  if (filters.length === 0 || walks.length !== 1) return walks;
  if (n > COUNT_BOUND && (await pageWithinReach(db, walks[0]!, filters, q))) return walks;
  return walks.map((w) => ({ ...w, key: sql<string>`(${w.key} || '')` }));
}

/** Whether a page of matches lies within LOOK_AHEAD_ROWS of the cursor along the walk (counted up to a page). */
async function pageWithinReach(db: Db, walk: Walk, filters: Expression<SqlBool>[], q: InventoryQuery) {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const where = [...walk.where];
  if (after) where.push(afterCursor(walk.key, walk.id, { v: after.v, id: after.id }, q.sort.descending));
  const ahead = base(db, walk.drive)
    .select(sql<number>`case when ${and(filters)} then 1 else 0 end`.as('m'))
    .where(and(where))
    .orderBy(sql`${walk.key} ${direction(q.sort.descending)}`)
    .orderBy(sql`${walk.id} ${direction(q.sort.descending)}`)
    .limit(LOOK_AHEAD_ROWS);
  const page = q.limit + 1;
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from
    (select 1 as one from (${ahead}) a where a.m = 1 limit ${page}) f`.execute(db);
  return Number(rows[0]?.n ?? 0) >= page;
}

export async function tokenInventory(db: Db, q: InventoryQuery): Promise<InventoryPage> {
  const filters = filterConditions(q);
  // Counted first: nothing to list reads no page, and few matches are found by the filters' own indexes.
  const n = await countMatching(db, filters, q);
  if (n === 0) return { items: [], nextCursor: null, ...totalOf(0) };
  const walks = await sparse(db, walksFor(q), filters, n, q);
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  // The walk the cursor stopped in (its tag leads the value); an unknown tag reads as the end of the list.
  let at = after ? walks.findIndex((w) => after.v.startsWith(w.tag)) : 0;
  if (at < 0) at = walks.length;
  const rows: (Awaited<ReturnType<typeof walkRows>>[number] & { tag: string })[] = [];
  for (let i = at; i < walks.length && rows.length <= q.limit; i++) {
    const walk = walks[i]!;
    const from = after && i === at ? after.v.slice(walk.tag.length) : undefined;
    const got = await walkRows(db, walk, filters, q, from, q.limit + 1 - rows.length);
    rows.push(...got.map((r) => ({ ...r, tag: walk.tag })));
  }
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown[shown.length - 1];
  const limits = await projectsOfLimited(db, 'auth_token', shown);
  return {
    items: shown.map((r) => ({
      token: toToken(r as TokenRow, limitOf(limits, r)),
      owner: {
        id: r.user_id,
        username: r.owner_username,
        displayName: r.owner_display_name,
        role: r.owner_role,
        kind: r.owner_kind,
      },
    })),
    nextCursor: more && last ? encodeCursor({ v: last.tag + String(last.sort_value), id: last.id }) : null,
    ...totalOf(n),
  };
}
