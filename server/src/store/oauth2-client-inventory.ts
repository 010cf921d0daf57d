import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ClientInventoryPage, ClientInventoryQuery } from './oauth2-client-types.js';
import { toOAuth2Client } from './oauth2-client-rows.js';
import {
  afterCursor,
  and,
  boundedCount,
  COUNT_BOUND,
  containing,
  decodeCursor,
  direction,
  encodeCursor,
  neverExpiresKey,
  totalOf,
} from './inventory-sql.js';
import type { Db } from './rows.js';
import { limitedToProject, limitOf, projectsOfLimited } from './credential-projects.js';

// The administrators' inventory of OAuth 2.0 client credentials (issue 19): the auth-token inventory's filters,
// sorts and keyset pages over oauth2_clients, whose last use is a column of its own row. Clients number in the
// hundreds, not millions: one query per page, the created and expiry sorts on the indexes of migration 0940.

const EXPIRY = neverExpiresKey('c.expires_at');

/** Each status at `now`, as the console shows it (expired wins over suspended). One entry per status. */
export const CLIENT_STATUS_SQL: Record<
  NonNullable<ClientInventoryQuery['status']>,
  (now: string) => Expression<SqlBool>
> = {
  expired: (now) => sql<SqlBool>`${EXPIRY} <= ${now}`,
  suspended: (now) => sql<SqlBool>`(c.suspended_at is not null and ${EXPIRY} > ${now})`,
  active: (now) => sql<SqlBool>`(c.suspended_at is null and ${EXPIRY} > ${now})`,
};

// Never-used clients first, by creation, then used ones by last use (descending: the other way round), as the
// auth-token inventory sorts; the leading digit keeps the two apart in one sortable value.
const SORT_SQL: Record<ClientInventoryQuery['sort']['by'], RawBuilder<string>> = {
  created: sql<string>`c.created_at`,
  expires: EXPIRY as RawBuilder<string>,
  lastUsed: sql<string>`coalesce('1' || c.last_used_at, '0' || c.created_at)`,
  owner: sql<string>`o.username`,
};

function base(db: Db) {
  return db.selectFrom('oauth2_clients as c').innerJoin('users as o', 'o.id', 'c.user_id');
}

function conditions(q: ClientInventoryQuery): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (q.ownerId !== undefined) out.push(sql<SqlBool>`c.user_id = ${q.ownerId}`);
  if (q.createdBy !== undefined) out.push(sql<SqlBool>`c.created_by = ${q.createdBy}`);
  if (q.status !== undefined) out.push(CLIENT_STATUS_SQL[q.status](q.now));
  if (q.neverExpires === true) out.push(sql<SqlBool>`c.expires_at is null`);
  if (q.neverExpires === false) out.push(sql<SqlBool>`c.expires_at is not null`);
  if (q.expiresBefore !== undefined) out.push(sql<SqlBool>`${EXPIRY} < ${q.expiresBefore}`);
  if (q.createdBefore !== undefined) out.push(sql<SqlBool>`c.created_at < ${q.createdBefore}`);
  // A client never used counts from its creation.
  if (q.unusedSince !== undefined) out.push(sql<SqlBool>`coalesce(c.last_used_at, c.created_at) < ${q.unusedSince}`);
  if (q.search !== undefined && q.search !== '') {
    const like = containing(q.search);
    out.push(
      sql<SqlBool>`(lower(c.name) like ${like} escape '\\' or lower(c.description) like ${like} escape '\\' or lower(c.id) like ${like} escape '\\')`,
    );
  }
  if (q.projectId !== undefined) out.push(limitedToProject('oauth2_client_projects', 'client_id', 'c', q.projectId));
  return out;
}

export async function clientInventory(db: Db, q: ClientInventoryQuery): Promise<ClientInventoryPage> {
  const filters = conditions(q);
  const key = SORT_SQL[q.sort.by];
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const page = after ? [...filters, afterCursor(key, sql`c.id`, after, q.sort.descending)] : filters;
  const rows = await base(db)
    .selectAll('c')
    .select(['o.username as owner_username', 'o.display_name as owner_display_name', 'o.role as owner_role'])
    .select('o.kind as owner_kind')
    .select(key.as('sort_value'))
    .where(and(page))
    .orderBy(sql`${key} ${direction(q.sort.descending)}`)
    .orderBy(sql`c.id ${direction(q.sort.descending)}`)
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown[shown.length - 1];
  const n = await boundedCount(
    db,
    base(db)
      .select(sql`1`.as('one'))
      .where(and(filters))
      .limit(COUNT_BOUND + 1)
      .as('m'),
  );
  const limits = await projectsOfLimited(db, 'oauth2_client', shown);
  return {
    items: shown.map((r) => ({
      client: toOAuth2Client(r, limitOf(limits, r)),
      owner: {
        id: r.user_id,
        username: r.owner_username,
        displayName: r.owner_display_name,
        role: r.owner_role,
        kind: r.owner_kind,
      },
    })),
    nextCursor: more && last ? encodeCursor({ v: String(last.sort_value), id: last.id }) : null,
    ...totalOf(n),
  };
}
