import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../events/catalog.js';
import type { Job } from '../jobs/runner.js';
import type { DomainEventRepository } from '../store/domain-events.js';
import { existingKey, type NewNotification, type NotificationRepository } from '../store/notifications.js';
import type { SettingsRepository } from '../store/settings.js';
import type { NoticeToken, TokenNoticeRepository } from '../store/token-notices.js';
import { inactiveSoonNotice } from './messages.js';

const DAY = 86_400_000;
/** The first warning, and how far back an expiry is still news. */
const WEEK = 7 * DAY;
const BATCH = 500;
const SWEEP_BATCH = 1_000;
/** The inactivity sweep reads every token, so it runs at most this often (its warning comes a week ahead). */
const SWEEP_EVERY_MS = 6 * 3_600_000;
const SWEEP_KEY = 'notifications.inactivity_sweep';

export const EXPIRY_NOTICES_JOB = 'auth_tokens.expiry_notices';

/**
 * A turn for requests between two pages: the embedded store's statements never leave the event loop, so a sweep over
 * every token would otherwise run in one stretch while verifications wait (as the dispatcher, commit ea7f87d).
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The domain event a token's expiry stands for at `now`, with an id that is the same on every run (so: once). */
export function expiryEventOf(t: NoticeToken, now: Date): DomainEvent | undefined {
  if (t.expiresAt === null) return undefined;
  const left = Date.parse(t.expiresAt) - now.getTime();
  const data = { tokenId: t.id, userId: t.userId, expiresAt: t.expiresAt, description: t.description, hint: t.hint };
  const at = now.toISOString();
  if (left <= 0)
    return {
      id: `expired:${t.id}:${t.expiresAt}`,
      type: 'auth_token.expired',
      at,
      userId: t.userId,
      tokenId: t.id,
      data,
    };
  // Within a day: the one-day notice only (a token first seen then never gets a "7 days" one).
  const days = left <= DAY ? 1 : 7;
  return {
    id: `expiring-${days}:${t.id}:${t.expiresAt}`,
    type: 'auth_token.expiring',
    at,
    userId: t.userId,
    tokenId: t.id,
    data: { ...data, days },
  };
}

export interface ExpiryNoticeDeps {
  tokenNotices: TokenNoticeRepository;
  notifications: NotificationRepository;
  events: DomainEventRepository;
  settings: SettingsRepository;
  /** The policy's inactivity revocation (H3's PolicyService); null: off, no warnings. */
  revokeUnusedAfterDays: () => number | null;
}

/**
 * The `auth_tokens.expiry_notices` job (issue 19, points 4 and 5). Expiry: tokens expiring within 7 days, within 1
 * day, or expired in the last 7 days become `auth_token.expiring` / `auth_token.expired` domain events (webhooks get
 * them; the notifications handler tells the owner), each once per token, threshold and expiry time — a regenerated
 * token has a new expiry, so a new notice later. Inactivity: owners are warned 7 days before a token would be revoked
 * for being unused. Every step is an idempotent write keyed by its id, so a run killed anywhere is finished by the next.
 */
export class ExpiryNotices {
  constructor(private readonly deps: ExpiryNoticeDeps) {}

  job(intervalMs: number): Job {
    return { name: EXPIRY_NOTICES_JOB, intervalMs, run: ({ now, signal }) => this.run(now, signal).then(() => {}) };
  }

  async run(now: Date, signal?: AbortSignal): Promise<{ events: number; warnings: number }> {
    const events = await this.expiries(now, signal);
    const warnings = await this.inactivity(now, signal);
    return { events, warnings };
  }

  /** One pass over the index range (now − 7 days, now + 7 days]: the only tokens with anything to say. */
  private async expiries(now: Date, signal?: AbortSignal): Promise<number> {
    const { tokenNotices, notifications, events } = this.deps;
    const from = new Date(now.getTime() - WEEK).toISOString();
    const until = new Date(now.getTime() + WEEK).toISOString();
    let cursor: { expiresAt: string; id: string } | undefined;
    let appended = 0;
    for (;;) {
      if (signal?.aborted) break;
      const batch = await tokenNotices.expiringBetween(from, until, cursor, BATCH);
      if (batch.length === 0) break;
      const last = batch.at(-1)!;
      cursor = { expiresAt: last.expiresAt!, id: last.id };
      const due = batch.flatMap((t) => expiryEventOf(t, now) ?? []);
      // Already in the outbox, or already told (the outbox forgets a week after dispatch; notifications stay).
      const [queued, told] = await Promise.all([
        tokenNotices.eventsPresent(due.map((e) => e.id)),
        notifications.existing(due.map((e) => ({ userId: e.userId!, dedupeKey: e.id }))),
      ]);
      const fresh = due.filter((e) => !queued.has(e.id) && !told.has(existingKey(e.userId!, e.id)));
      await events.append(fresh);
      appended += fresh.length;
      if (batch.length < BATCH) break;
      await yieldToEventLoop();
    }
    return appended;
  }

  /** Warns the owners of tokens within 7 days of the inactivity revocation; at most every 6 hours, in id pages. */
  private async inactivity(now: Date, signal?: AbortSignal): Promise<number> {
    const days = this.deps.revokeUnusedAfterDays();
    if (days === null) return 0;
    const { settings, tokenNotices, notifications } = this.deps;
    const last = await settings.get<{ at: string }>(SWEEP_KEY);
    const since = last ? now.getTime() - Date.parse(last.at) : Infinity;
    if (since >= 0 && since < SWEEP_EVERY_MS) return 0;
    const nowIso = now.toISOString();
    let afterId: string | undefined;
    let warned = 0;
    for (;;) {
      if (signal?.aborted) return warned;
      const batch = await tokenNotices.byId(afterId, SWEEP_BATCH);
      if (batch.length === 0) break;
      afterId = batch.at(-1)!.id;
      const due: NewNotification[] = [];
      for (const t of batch) {
        if (t.expiresAt !== null && Date.parse(t.expiresAt) <= now.getTime()) continue;
        // The inactivity rule (store/auth-token-inventory.ts lastActivity): last use, else last regenerate, else creation.
        const activity = t.lastUsedAt ?? t.regeneratedAt ?? t.createdAt;
        const revokeAt = Date.parse(activity) + days * DAY;
        if (now.getTime() < revokeAt - WEEK) continue;
        const unused = Math.max(0, Math.floor((now.getTime() - Date.parse(activity)) / DAY));
        const notice = inactiveSoonNotice(t.id, t.description, unused, nowIso, new Date(revokeAt).toISOString());
        due.push({
          id: randomUUID(),
          userId: t.userId,
          ...notice,
          tokenId: t.id,
          createdAt: nowIso,
          // A use moves the activity: the token can be warned about again after its next quiet spell.
          dedupeKey: `inactive-soon:${t.id}:${activity}`,
        });
      }
      const told = await notifications.existing(due);
      warned += await notifications.add(due.filter((n) => !told.has(existingKey(n.userId, n.dedupeKey))));
      if (batch.length < SWEEP_BATCH) break;
      await yieldToEventLoop();
    }
    await settings.set(SWEEP_KEY, { at: nowIso }, nowIso);
    return warned;
  }
}
