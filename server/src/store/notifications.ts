import type { Selectable } from 'kysely';
import type { Db } from './rows.js';
import type { NotificationsTable } from './schema.js';

/** What a notification is about (issue 19, point 5); the console picks an icon and actions by it. */
export const NOTIFICATION_KINDS = [
  'token_expiring',
  'token_expired',
  'token_inactive_soon',
  'token_revoked',
  'token_restored',
  'token_suspended',
  'token_created_for_you',
  'client_suspended',
  'client_created_for_you',
  // Issue 20, point 5: a credential reported as leaked at the public endpoint, and revoked for it.
  'credential_leaked',
  // Issue 20, point 4: a credential first used from a network it had not been used from.
  'new_network',
  // Issue 20, point 3: a previous secret still used during its grace window (once per address and user agent).
  'old_secret_in_use',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: string;
  userId: string;
  kind: NotificationKind;
  message: string;
  /** A console path; null: nothing to open. */
  link: string | null;
  tokenId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NewNotification extends Omit<Notification, 'readAt'> {
  /** Unique per user: a second notification with the same key is dropped (an event id, a threshold's key). */
  dedupeKey: string;
}

export interface NotificationPageQuery {
  unreadOnly: boolean;
  /** After this (createdAt, id), newest first. */
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
}

/** A user's notifications: written once per dedupe key, read newest first, marked read. */
export interface NotificationRepository {
  /** Inserts those whose (user, dedupe key) is new; returns how many were. */
  add(list: NewNotification[]): Promise<number>;
  /** Up to `limit` + 1 rows (the extra one says there is a next page). */
  page(userId: string, q: NotificationPageQuery): Promise<Notification[]>;
  unreadCount(userId: string): Promise<number>;
  /** Sets or clears read_at of the user's own notification; undefined when the user has none with that id. */
  setRead(userId: string, id: string, readAt: string | null): Promise<Notification | undefined>;
  /** Marks every unread notification of the user read; returns how many. */
  markAllRead(userId: string, at: string): Promise<number>;
  /** Which of these dedupe keys the users already hold, as `userId dedupeKey`. */
  existing(keys: readonly { userId: string; dedupeKey: string }[]): Promise<Set<string>>;
}

const toNotification = (r: Selectable<NotificationsTable>): Notification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as NotificationKind,
  message: r.message,
  link: r.link,
  tokenId: r.token_id,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export const existingKey = (userId: string, dedupeKey: string) => `${userId} ${dedupeKey}`;

const CHUNK = 200;

export class KyselyNotificationRepository implements NotificationRepository {
  constructor(private readonly db: Db) {}

  async add(list: NewNotification[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < list.length; i += CHUNK) {
      const r = await this.db
        .insertInto('notifications')
        .values(
          list.slice(i, i + CHUNK).map((n) => ({
            id: n.id,
            user_id: n.userId,
            kind: n.kind,
            message: n.message,
            link: n.link,
            token_id: n.tokenId,
            created_at: n.createdAt,
            read_at: null,
            dedupe_key: n.dedupeKey,
          })),
        )
        .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async page(userId: string, q: NotificationPageQuery): Promise<Notification[]> {
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (q.unreadOnly) query = query.where('read_at', 'is', null);
    const after = q.after;
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return rows.map(toNotification);
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async setRead(userId: string, id: string, readAt: string | null): Promise<Notification | undefined> {
    // A notification already read keeps the time it was first read.
    let update = this.db
      .updateTable('notifications')
      .set({ read_at: readAt })
      .where('user_id', '=', userId)
      .where('id', '=', id);
    if (readAt !== null) update = update.where('read_at', 'is', null);
    await update.execute();
    const r = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toNotification(r) : undefined;
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    const r = await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async existing(keys: readonly { userId: string; dedupeKey: string }[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const part = keys.slice(i, i + CHUNK);
      // By key alone (the unique index leads with it); the caller tells the (user, key) pairs apart.
      const rows = await this.db
        .selectFrom('notifications')
        .select(['user_id', 'dedupe_key'])
        .where('dedupe_key', 'in', [...new Set(part.map((k) => k.dedupeKey))])
        .execute();
      for (const r of rows) out.add(existingKey(r.user_id, r.dedupe_key));
    }
    return out;
  }
}
