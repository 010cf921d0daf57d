import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { digestOf } from '../test-support/store-fixtures.js';
import { NotificationEventHandler } from './event-handler.js';
import { EXPIRY_NOTICES_JOB, ExpiryNotices } from './expiry-notices.js';

// Issue 19, point 5: notifications made from domain events (idempotent by event id) and by the expiry notices job
// (once per token, threshold and expiry; a regenerated token can be warned again).
const DAY = 86_400_000;
const later = (base: number, days: number) => new Date(base + days * DAY);

interface Item {
  id: string;
  kind: string;
  message: string;
  link: string | null;
  tokenId: string | null;
  readAt: string | null;
}

describe.each(backends)('notifications from events and the expiry job (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let bob: string;
  let bobAgent: TestAgent;
  const seen: DomainEvent[] = [];

  const dispatch = () => t.tessera.jobs.runNow('events.dispatch');
  const notices = async (agent = bobAgent): Promise<Item[]> => {
    const res = await agent.get('/api/users/me/notifications?limit=100');
    expect(res.status).toBe(200);
    return res.body.items as Item[];
  };
  const about = async (tokenId: string) => (await notices()).filter((n) => n.tokenId === tokenId);
  const runJob = async (at: Date) => {
    expect(await t.tessera.jobs.runNow(EXPIRY_NOTICES_JOB, at)).toBe(true);
    await dispatch();
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    t.tessera.events.on({ name: 'recorder', handle: async (events) => void seen.push(...events) });
    admin = await t.signIn();
    bob = await t.createUser('notified-bob');
    bobAgent = await t.signIn('notified-bob', 'notified-bob-password-123');
  });
  afterAll(() => t.close());
  beforeEach(() => void (seen.length = 0));

  it('tells the owner what an administrator did to their tokens, and nothing about their own changes', async () => {
    const forBob = await t.createToken(admin, bob, { description: 'deploy key' });
    const own = await t.createToken(bobAgent, 'me', { description: 'my own' });
    await admin.post(`/api/users/${bob}/auth-tokens/${forBob.id}/suspend`).set(SAME_ORIGIN).expect(200);
    await bobAgent.post(`/api/users/me/auth-tokens/${own.id}/suspend`).set(SAME_ORIGIN).expect(200);
    await dispatch();
    expect(await about(own.id)).toEqual([]);
    const list = await about(forBob.id);
    expect(list.map((n) => n.kind)).toEqual(['token_suspended', 'token_created_for_you']);
    expect(list[1]!.message).toBe('The token “deploy key” was created for you by an administrator, admin.');
    expect(list[0]!.message).toContain('suspended by an administrator, admin');
    expect(list[0]!.link).toBe(`/settings/auth-tokens?token=${forBob.id}`);
    expect(JSON.stringify(list)).not.toContain(forBob.token);
    // The administrator's own list holds none of bob's.
    expect((await notices(admin)).filter((n) => n.tokenId === forBob.id)).toEqual([]);
  });

  it('notifies once when the same events are handed over twice (at-least-once delivery)', async () => {
    const token = await t.createToken(bobAgent, 'me', { description: 'revoked one' });
    const handler = new NotificationEventHandler(t.store.notifications, t.store.authTokens, t.store.oauth2Clients);
    const at = new Date().toISOString();
    const actor = { id: 'an-admin-id', username: 'admin' };
    const events: DomainEvent[] = [
      {
        id: randomUUID(),
        type: 'auth_token.revoked',
        at,
        userId: bob,
        tokenId: token.id,
        data: { reason: 'leaked in a CI log', actor },
      },
      {
        id: randomUUID(),
        type: 'auth_token.revoked',
        at,
        userId: bob,
        tokenId: token.id,
        data: { kind: 'inactive', reason: 'inactive', days: 90, actor: { id: null, username: null } },
      },
    ];
    await handler.handle(events);
    await handler.handle(events);
    await handler.handle([events[1]!]);
    const list = await about(token.id);
    expect(list.map((n) => n.message).sort()).toEqual([
      'Revoked after 90 days unused. Your token “revoked one” no longer works.',
      'Revoked by an administrator: leaked in a CI log. Your token “revoked one” no longer works.',
    ]);
  });

  it('warns at 7 days and at 1 day, says when it expired, once each, and appends the events for webhooks', async () => {
    const now = Date.now();
    const token = await t.createToken(bobAgent, 'me', {
      description: 'nightly export',
      expiresAt: later(now, 10).toISOString(),
    });
    await runJob(new Date(now));
    expect(await about(token.id)).toEqual([]);

    await runJob(later(now, 4));
    await runJob(later(now, 4.1));
    let list = await about(token.id);
    expect(list.map((n) => n.kind)).toEqual(['token_expiring']);
    expect(list[0]!.message).toBe(
      'Your token “nightly export” expires in 6 days. Regenerate it to keep your scripts working.',
    );
    expect(list[0]!.link).toBe(`/settings/auth-tokens?token=${token.id}&action=regenerate`);

    await runJob(later(now, 9.5));
    await runJob(later(now, 9.6));
    await runJob(later(now, 11));
    await runJob(later(now, 12));
    list = await about(token.id);
    expect(list.map((n) => n.kind)).toEqual(['token_expired', 'token_expiring', 'token_expiring']);
    expect(list[1]!.message).toContain('expires within a day');
    expect(list[0]!.link).toBe(`/settings/auth-tokens?token=${token.id}`);

    const mine = seen.filter((e) => e.tokenId === token.id && e.type !== 'auth_token.created');
    expect(mine.map((e) => e.type)).toEqual(['auth_token.expiring', 'auth_token.expiring', 'auth_token.expired']);
    const expiresAt = mine[0]!.data.expiresAt as string;
    expect(mine.map((e) => e.id)).toEqual([
      `expiring-7:${token.id}:${expiresAt}`,
      `expiring-1:${token.id}:${expiresAt}`,
      `expired:${token.id}:${expiresAt}`,
    ]);
    expect(mine[0]!.data).toMatchObject({ tokenId: token.id, userId: bob, expiresAt, days: 7 });
    expect(mine[1]!.data).toMatchObject({ days: 1 });
  });

  it('warns again after a regenerate gives the token a new expiry', async () => {
    const now = Date.now();
    const token = await t.createToken(bobAgent, 'me', {
      description: 'short-lived',
      expiresAt: later(now, 3).toISOString(),
    });
    await runJob(new Date(now));
    await runJob(new Date(now));
    expect((await about(token.id)).map((n) => n.kind)).toEqual(['token_expiring']);
    await bobAgent.post(`/api/users/me/auth-tokens/${token.id}/regenerate`).set(SAME_ORIGIN).expect(200);
    await runJob(new Date(now + 60_000));
    expect((await about(token.id)).map((n) => n.kind)).toEqual(['token_expiring', 'token_expiring']);
  });

  it('finishes what a killed run left: events already appended are not appended twice', async () => {
    const owner = await t.createUser('half-done-owner');
    const now = Date.now();
    const ids = Array.from({ length: 700 }, () => randomUUID());
    await t.store.authTokens.bulkInsert(
      ids.map((id, i) => ({
        id,
        userId: owner,
        name: null,
        description: `half done ${i}`,
        hint: 'tsr_…half',
        digest: digestOf(id),
        createdAt: new Date(now - DAY).toISOString(),
        createdBy: owner,
        expiresAt: new Date(now + 2 * DAY + i * 1000).toISOString(),
      })),
    );
    // The run is killed from inside, once it has read its first page of tokens (500): that page's events are
    // appended, the rest are not.
    const killed = new AbortController();
    const store = t.store.tokenNotices;
    let pages = 0;
    const tokenNotices = {
      expiringBetween: async (...args: Parameters<typeof store.expiringBetween>) => {
        const page = await store.expiringBetween(...args);
        if (++pages === 1) killed.abort();
        return page;
      },
      byId: store.byId.bind(store),
      eventsPresent: store.eventsPresent.bind(store),
    };
    const job = new ExpiryNotices({ ...t.store, tokenNotices, revokeUnusedAfterDays: () => null });
    const first = await job.run(new Date(now), killed.signal);
    expect(pages).toBe(1);
    expect(first.events).toBeGreaterThan(0);
    expect(first.events).toBeLessThanOrEqual(500);
    // The outbox ids are the notices' keys: one "expiring in 7 days" event per token and expiry.
    const eventIds = ids.map((id, i) => `expiring-7:${id}:${new Date(now + 2 * DAY + i * 1000).toISOString()}`);
    const appended = async () => (await t.store.tokenNotices.eventsPresent(eventIds)).size;
    const half = await appended();
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(ids.length);
    // The next run appends only what the killed one left, the one after nothing.
    const second = await job.run(new Date(now));
    expect(await appended()).toBe(ids.length);
    expect(second.events).toBeGreaterThanOrEqual(ids.length - half);
    expect((await job.run(new Date(now))).events).toBe(0);
    await dispatch();
    const agent = await t.signIn('half-done-owner', 'half-done-owner-password-123');
    const res = await agent.get('/api/users/me/notifications?unread=true&limit=1');
    expect(res.body.unread).toBe(ids.length);
  });

  it('gives requests a turn between the pages of both sweeps (the embedded store never leaves the event loop)', async () => {
    const owner = await t.createUser('paged-owner');
    const now = Date.now();
    await t.store.authTokens.bulkInsert(
      Array.from({ length: 1_100 }, (_, i) => {
        const id = randomUUID();
        return {
          id,
          userId: owner,
          name: null,
          description: `paged ${i}`,
          hint: 'tsr_…page',
          digest: digestOf(id),
          createdAt: new Date(now - DAY).toISOString(),
          createdBy: owner,
          expiresAt: new Date(now + 2 * DAY + i * 1000).toISOString(),
        };
      }),
    );
    // A ticker standing for waiting requests: how often it got a turn by the time each page is read.
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    const store = t.store.tokenNotices;
    const seenAt: Record<'expiry' | 'sweep', number[]> = { expiry: [], sweep: [] };
    let phase: 'expiry' | 'sweep' = 'expiry';
    const tokenNotices = {
      expiringBetween: (...args: Parameters<typeof store.expiringBetween>) => {
        if (phase === 'expiry') seenAt.expiry.push(ticks);
        return store.expiringBetween(...args);
      },
      byId: (...args: Parameters<typeof store.byId>) => {
        seenAt.sweep.push(ticks);
        return store.byId(...args);
      },
      eventsPresent: store.eventsPresent.bind(store),
    };
    setImmediate(tick);
    try {
      await new ExpiryNotices({ ...t.store, tokenNotices, revokeUnusedAfterDays: () => null }).run(new Date(now));
      // Far enough ahead that the inactivity sweep is due (it runs at most every 6 hours) and reads every token.
      phase = 'sweep';
      await new ExpiryNotices({ ...t.store, tokenNotices, revokeUnusedAfterDays: () => 30 }).run(later(now, 400));
    } finally {
      ticking = false;
    }
    expect(seenAt.expiry.length).toBeGreaterThanOrEqual(3);
    expect(seenAt.sweep.length).toBeGreaterThanOrEqual(2);
    for (const pages of [seenAt.expiry, seenAt.sweep])
      for (let i = 1; i < pages.length; i++) expect(pages[i]!).toBeGreaterThan(pages[i - 1]!);
  });

  it('reads the tokens near a threshold in batches: 1,200 expiring tokens, each notified once', async () => {
    const many = await t.createUser('many-tokens');
    const now = Date.now();
    await t.store.authTokens.bulkInsert(
      Array.from({ length: 1200 }, (_, i) => {
        const id = randomUUID();
        return {
          id,
          userId: many,
          name: null,
          description: `bulk ${i}`,
          hint: 'tsr_…bulk',
          digest: digestOf(id),
          createdAt: new Date(now - DAY).toISOString(),
          createdBy: many,
          expiresAt: new Date(now + 2 * DAY + i * 1000).toISOString(),
        };
      }),
    );
    await runJob(new Date(now));
    await runJob(new Date(now));
    const agent = await t.signIn('many-tokens', 'many-tokens-password-123');
    const res = await agent.get('/api/users/me/notifications?unread=true&limit=1');
    expect(res.body.unread).toBe(1200);
  });

  it('warns a week before an inactivity revocation, once per quiet spell', async () => {
    const now = Date.now();
    const token = await t.createToken(bobAgent, 'me', { description: 'idle', expiresAt: null });
    const job = new ExpiryNotices({ ...t.store, revokeUnusedAfterDays: () => 30 });
    const inactive = async () => (await about(token.id)).filter((n) => n.kind === 'token_inactive_soon');
    await job.run(later(now, 22));
    expect(await inactive()).toEqual([]);
    await job.run(later(now, 23.5));
    await job.run(later(now, 29));
    const warned = await inactive();
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toBe(
      'Your token “idle” has not been used for 23 days: it will be revoked in 7 days unless it is used.',
    );
    expect(warned[0]!.link).toBe(`/settings/auth-tokens?token=${token.id}&action=regenerate`);
    // Used again: a new quiet spell, a new warning when it nears its end.
    await t.store.authTokens.recordLastUses([{ tokenId: token.id, at: later(now, 25).toISOString(), ip: null }]);
    await job.run(later(now, 40));
    expect(await inactive()).toHaveLength(1);
    await job.run(later(now, 49));
    expect(await inactive()).toHaveLength(2);
    // Off (no policy): no sweep at all.
    const off = new ExpiryNotices({ ...t.store, revokeUnusedAfterDays: () => null });
    expect((await off.run(later(now, 200))).warnings).toBe(0);
  });
});
