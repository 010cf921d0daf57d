import type { Db } from './rows.js';

/** A token as the expiry and inactivity notices need it: whose, what to call it, when it lapses. */
export interface NoticeToken {
  id: string;
  userId: string;
  description: string;
  hint: string;
  createdAt: string;
  /** The last regenerate; null: never regenerated. */
  regeneratedAt: string | null;
  expiresAt: string | null;
  /** Null: never used (since the last regenerate, which deletes the usage row). */
  lastUsedAt: string | null;
}

/** Where a scan stopped: the last row handed out. */
export interface ExpiryCursor {
  expiresAt: string;
  id: string;
}

/** The reads behind the expiry notices job (notifications/expiry-notices.ts), each a bounded, indexed step. */
export interface TokenNoticeRepository {
  /**
   * Up to `limit` tokens expiring in (from, until], in (expires_at, id) order after `cursor`: a range of the
   * auth_tokens_expires_at index, so a run touches only the tokens near a threshold, whatever the table holds.
   */
  expiringBetween(from: string, until: string, cursor: ExpiryCursor | undefined, limit: number): Promise<NoticeToken[]>;
  /** Up to `limit` tokens not revoked, in id order after `afterId` (a primary-key range): the inactivity sweep's pages. */
  byId(afterId: string | undefined, limit: number): Promise<NoticeToken[]>;
  /** Which of these domain event ids the outbox holds. */
  eventsPresent(ids: readonly string[]): Promise<Set<string>>;
}

export class KyselyTokenNoticeRepository implements TokenNoticeRepository {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .selectFrom('auth_tokens as t')
      .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
      .select([
        't.id',
        't.user_id',
        't.description',
        't.hint',
        't.created_at',
        't.regenerated_at',
        't.expires_at',
        'u.last_used_at',
      ]);
  }

  async expiringBetween(
    from: string,
    until: string,
    cursor: ExpiryCursor | undefined,
    limit: number,
  ): Promise<NoticeToken[]> {
    let q = this.select().where('t.expires_at', '<=', until);
    q = cursor
      ? q.where((eb) =>
          eb.or([
            eb('t.expires_at', '>', cursor.expiresAt),
            eb.and([eb('t.expires_at', '=', cursor.expiresAt), eb('t.id', '>', cursor.id)]),
          ]),
        )
      : q.where('t.expires_at', '>', from);
    const rows = await q.orderBy('t.expires_at').orderBy('t.id').limit(limit).execute();
    return rows.map(toNoticeToken);
  }

  async byId(afterId: string | undefined, limit: number): Promise<NoticeToken[]> {
    // A revoked token is not warned about a revocation: it has had one.
    let q = this.select().where('t.revoked_at', 'is', null);
    if (afterId !== undefined) q = q.where('t.id', '>', afterId);
    const rows = await q.orderBy('t.id').limit(limit).execute();
    return rows.map(toNoticeToken);
  }

  async eventsPresent(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('domain_events')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }
}

const toNoticeToken = (r: {
  id: string;
  user_id: string;
  description: string;
  hint: string;
  created_at: string;
  regenerated_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
}): NoticeToken => ({
  id: r.id,
  userId: r.user_id,
  description: r.description,
  hint: r.hint,
  createdAt: r.created_at,
  regeneratedAt: r.regenerated_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});
