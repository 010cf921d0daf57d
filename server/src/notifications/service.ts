import { invalidField, NotFound } from '../errors.js';
import type { Notification, NotificationRepository } from '../store/notifications.js';
import { decodeCursor, encodeCursor } from '../store/rows.js';

export interface NotificationPage {
  items: Notification[];
  unread: number;
  nextCursor: string | null;
}

/** A user's own notifications: a page newest first, the unread count, marking read. Nobody reads another's. */
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  async page(userId: string, q: { unread?: boolean | undefined; cursor?: string | undefined; limit: number }) {
    const parts = decodeCursor(q.cursor, 2);
    if (q.cursor !== undefined && !parts) throw invalidField('cursor', 'is not a cursor this server gave');
    const after = parts ? { createdAt: parts[0]!, id: parts[1]! } : undefined;
    const [rows, unread] = await Promise.all([
      this.notifications.page(userId, { unreadOnly: q.unread === true, after, limit: q.limit }),
      this.notifications.unreadCount(userId),
    ]);
    const items = rows.slice(0, q.limit);
    const last = items.at(-1);
    const nextCursor = rows.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null;
    return { items, unread, nextCursor } satisfies NotificationPage;
  }

  /** Another user's notification is as unknown as one that never was: 404. */
  async setRead(userId: string, id: string, read: boolean, now = new Date()): Promise<Notification> {
    const n = await this.notifications.setRead(userId, id, read ? now.toISOString() : null);
    if (!n) throw new NotFound('No such notification.');
    return n;
  }

  markAllRead(userId: string, now = new Date()): Promise<number> {
    return this.notifications.markAllRead(userId, now.toISOString());
  }
}
