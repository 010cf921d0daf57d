import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import { domainEventOf } from '../events/catalog.js';
import type { AuditEvent } from './audit.js';
import { conditions } from './auth-token-inventory.js';
import type { InventoryQuery } from './auth-tokens.js';
import type { ChangedToken, RevocationFilter, RevocationRepository, TokenRevocation } from './revocation-types.js';
import { domainEventRow } from './domain-events.js';
import { type Db, auditRow } from './rows.js';
import type { TokenRevocationsTable } from './credential-tables.js';

// Bulk and inactivity revocations (issue 19, migration 0910). Every step is one short transaction of its own: a batch
// of tokens marked with their audit rows (and domain events) and the revocation's count; a batch restored by an
// undo; a batch deleted after the window. A process killed between two steps leaves every row consistent, and the
// next run (or the finalise job) carries on from what the rows say.

export type * from './revocation-types.js';

type Row = Selectable<TokenRevocationsTable>;

const toRevocation = (r: Row): TokenRevocation => ({
  id: r.id,
  kind: r.kind,
  reason: r.reason,
  filter: r.filter === null ? null : (JSON.parse(r.filter) as Record<string, unknown>),
  count: Number(r.count),
  createdAt: r.created_at,
  createdBy: r.created_by === null ? null : { id: r.created_by, username: r.created_by_username ?? '' },
  undoUntil: r.undo_until,
  undoneAt: r.undone_at,
  finalisedAt: r.finalised_at,
});

const toRow = (r: TokenRevocation): Row => ({
  id: r.id,
  kind: r.kind,
  reason: r.reason,
  filter: r.filter === null ? null : JSON.stringify(r.filter),
  count: r.count,
  created_at: r.createdAt,
  created_by: r.createdBy?.id ?? null,
  created_by_username: r.createdBy?.username ?? null,
  undo_until: r.undoUntil,
  undone_at: r.undoneAt,
  finalised_at: r.finalisedAt,
});

const and = (clauses: Expression<SqlBool>[]) => sql<SqlBool>`${sql.join(clauses, sql` and `)}`;
// Rows per multi-row insert: well under SQLite's and PostgreSQL's limits on bound values.
const INSERT_CHUNK = 1_000;

/** Audit rows and the domain events they stand for, as multi-row inserts on the batch's transaction. */
async function insertAudits(trx: Db, events: AuditEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const chunk = events.slice(i, i + INSERT_CHUNK);
    await trx.insertInto('audit_events').values(chunk.map(auditRow)).execute();
    const domain = chunk.flatMap((e) => domainEventOf(e) ?? []);
    if (domain.length > 0) await trx.insertInto('domain_events').values(domain.map(domainEventRow)).execute();
  }
}

const changedColumns = ['id', 'user_id', 'description', 'hint'] as const;
const changed = (r: { id: string; user_id: string; description: string; hint: string }): ChangedToken => ({
  id: r.id,
  userId: r.user_id,
  description: r.description,
  hint: r.hint,
});

export class KyselyRevocationRepository implements RevocationRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async create(revocation: TokenRevocation) {
    await this.db.insertInto('token_revocations').values(toRow(revocation)).execute();
  }

  async get(id: string) {
    const r = await this.db.selectFrom('token_revocations').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRevocation(r);
  }

  async list(limit: number, before?: { createdAt: string; id: string }) {
    let q = this.db.selectFrom('token_revocations').selectAll();
    if (before)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', before.createdAt),
          eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
        ]),
      );
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRevocation);
  }

  async scan(filter: RevocationFilter, after: string | null, span: number) {
    const clauses = conditions({ ...filter, notRevoked: true } as InventoryQuery);
    let next: string | null;
    if (this.dialect === 'sqlite') {
      // By rowid: the table's own order, read page after page (ids are random: their index order would visit the
      // table at random). A span covers rowids (after, after + span]; tokens made after the first span are new.
      const from = after === null ? 0 : Number(after);
      const last = (await sql<{ m: number | null }>`select max(rowid) as m from auth_tokens`.execute(this.db)).rows[0]
        ?.m;
      clauses.push(sql<SqlBool>`t.rowid > ${from}`, sql<SqlBool>`t.rowid <= ${from + span}`);
      next = last != null && from + span < last ? String(from + span) : null;
    } else {
      const from = after ?? '';
      const bound = await this.db
        .selectFrom('auth_tokens')
        .select('id')
        .where('id', '>', from)
        .orderBy('id')
        .limit(1)
        .offset(span - 1)
        .executeTakeFirst();
      clauses.push(sql<SqlBool>`t.id > ${from}`);
      if (bound) clauses.push(sql<SqlBool>`t.id <= ${bound.id}`);
      next = bound?.id ?? null;
    }
    const rows = await this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('users as o', 'o.id', 't.user_id')
      .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
      .select('t.id')
      .where(and(clauses))
      .execute();
    return { ids: rows.map((r) => r.id), next };
  }

  async revocable(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('auth_tokens')
      .select('id')
      .where('id', 'in', [...ids])
      .where('revoked_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }

  async mark(
    revocation: TokenRevocation,
    create: boolean,
    ids: readonly string[],
    at: string,
    audit: (t: ChangedToken) => AuditEvent,
  ): Promise<number | 'closed'> {
    if (ids.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      if (create) await trx.insertInto('token_revocations').values(toRow(revocation)).execute();
      else {
        // Still open? On PostgreSQL this also locks the row: an undo or a finalise waits for this batch.
        const open = await trx
          .updateTable('token_revocations')
          .set((eb) => ({ count: eb.ref('count') }))
          .where('id', '=', revocation.id)
          .where('undone_at', 'is', null)
          .where('finalised_at', 'is', null)
          .executeTakeFirst();
        if (Number(open.numUpdatedRows) === 0) return 'closed' as const;
      }
      const rows = await trx
        .updateTable('auth_tokens')
        .set({ revoked_at: at, revocation_id: revocation.id })
        .where('id', 'in', [...ids])
        .where('revoked_at', 'is', null)
        .returning(changedColumns)
        .execute();
      if (rows.length === 0) {
        // A revocation is recorded only with its first token.
        if (create) await trx.deleteFrom('token_revocations').where('id', '=', revocation.id).execute();
        return 0;
      }
      await insertAudits(
        trx,
        rows.map((r) => audit(changed(r))),
      );
      await trx
        .updateTable('token_revocations')
        .set((eb) => ({ count: eb('count', '+', rows.length) }))
        .where('id', '=', revocation.id)
        .execute();
      return rows.length;
    });
  }

  async claimUndo(id: string, at: string) {
    const r = await this.db
      .updateTable('token_revocations')
      .set({ undone_at: at })
      .where('id', '=', id)
      .where('undone_at', 'is', null)
      .where('finalised_at', 'is', null)
      .where('undo_until', '>', at)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  restore(id: string, limit: number, audit: (t: ChangedToken) => AuditEvent) {
    return this.db.transaction().execute(async (trx) => {
      const ids = (
        await trx.selectFrom('auth_tokens').select('id').where('revocation_id', '=', id).limit(limit).execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      const rows = await trx
        .updateTable('auth_tokens')
        .set({ revoked_at: null, revocation_id: null })
        .where('id', 'in', ids)
        // Still this revocation's (PostgreSQL: not changed since the read). Through coalesce, so the planner keys
        // the update on the ids, not on the revocation's index (which would walk every token it still holds).
        .where(sql<SqlBool>`coalesce(revocation_id, '') = ${id}`)
        .returning(changedColumns)
        .execute();
      await insertAudits(
        trx,
        rows.map((r) => audit(changed(r))),
      );
      return rows.length;
    });
  }

  async claimFinalise(now: string) {
    const rows = await this.db
      .updateTable('token_revocations')
      .set({ finalised_at: now })
      .where('undone_at', 'is', null)
      .where('finalised_at', 'is', null)
      .where('undo_until', '<=', now)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async unfinishedUndos() {
    const rows = await this.db
      .selectFrom('token_revocations as r')
      .select('r.id')
      .where('r.undone_at', 'is not', null)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('auth_tokens as t').select('t.id').whereRef('t.revocation_id', '=', 'r.id')),
      )
      .execute();
    return rows.map((r) => r.id);
  }

  purge(limit: number) {
    return this.db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom('auth_tokens as t')
          .innerJoin('token_revocations as r', 'r.id', 't.revocation_id')
          .select('t.id')
          .where('r.finalised_at', 'is not', null)
          .limit(limit)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      // A finalised revocation's tokens can no longer be undone: the ids read are the ones to delete.
      await trx.deleteFrom('auth_token_usage').where('token_id', 'in', ids).execute();
      const r = await trx.deleteFrom('auth_tokens').where('id', 'in', ids).executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }
}
