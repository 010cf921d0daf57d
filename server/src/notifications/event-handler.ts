import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../events/catalog.js';
import type { DomainEventHandler } from '../events/dispatcher.js';
import type { AuthTokenRepository } from '../store/auth-tokens.js';
import type { NewNotification, NotificationRepository } from '../store/notifications.js';
import type { OAuth2ClientRepository } from '../store/oauth2-clients.js';
import { nameInEvent, noticeOf } from './messages.js';

/**
 * Turns domain events into their owners' notifications. The dispatcher delivers at least once; each notification's
 * dedupe key is its event's id, unique per user, so a batch handed over twice notifies once.
 */
export class NotificationEventHandler implements DomainEventHandler {
  readonly name = 'notifications';

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly tokens: Pick<AuthTokenRepository, 'get'>,
    private readonly clients: Pick<OAuth2ClientRepository, 'get'>,
  ) {}

  async handle(events: DomainEvent[]): Promise<void> {
    const made: NewNotification[] = [];
    for (const e of events) {
      if (!e.userId || !e.tokenId) continue;
      // Cheap test first: most events (the owner's own changes, user.*) make none, and need no name looked up.
      if (!noticeOf(e, '')) continue;
      const notice = noticeOf(e, await this.nameOf(e, e.userId, e.tokenId));
      if (!notice) continue;
      made.push({
        id: randomUUID(),
        userId: e.userId,
        kind: notice.kind,
        message: notice.message,
        link: notice.link,
        tokenId: e.tokenId,
        createdAt: e.at,
        dedupeKey: e.id,
      });
    }
    await this.notifications.add(made);
  }

  /** The credential's description (a client's name) from the event, else from the store, else a plain word. */
  private async nameOf(e: DomainEvent, userId: string, id: string): Promise<string> {
    const named = nameInEvent(e);
    if (named) return named;
    if (e.type.startsWith('oauth2_client.')) return (await this.clients.get(userId, id))?.name ?? 'a client';
    return (await this.tokens.get(userId, id))?.description ?? 'unnamed';
  }
}
