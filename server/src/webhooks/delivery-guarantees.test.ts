import type TestAgent from 'supertest/lib/agent.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import type { KyselyStore } from '../store/kysely-store.js';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { WebhookDeliverer } from './deliverer.js';
import { WebhookSecrets } from './secret.js';

const SESSION_SECRET = 'test-session-secret-that-is-long-enough';
const later = (ms: number) => new Date(Date.now() + ms);

interface LoggedDelivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
}

// Issue 19, point 6: what a delivery guarantees — one per event however often the event is handed out, the same
// webhook-id on a redelivery, no redirects followed, nothing sent to a turned-off endpoint, a bounded wait for a
// receiver that never answers, and an attempt claimed by a replica that died sent again once its lease ends.
describe.each(backends)('webhook delivery guarantees on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const addHook = async (events: string[]) => {
    const res = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url: `${receiver.url}/g`, events });
    receiver.secret = res.body.secret;
    return res.body as { id: string; secret: string };
  };
  const log = async (id: string) => (await admin.get(`/api/webhooks/${id}/deliveries`)).body.items as LoggedDelivery[];
  const db = () => (t.store as KyselyStore).db;

  it('makes one delivery per event even when the dispatcher hands the event out twice', async () => {
    const hook = await addHook(['user.created']);
    await t.createUser('dedupe-carol');
    await t.tessera.jobs.runNow('events.dispatch');
    // A dispatcher run killed after its handlers and before marking the events hands them out again.
    await db().updateTable('domain_events').set({ dispatched_at: null }).execute();
    await t.tessera.jobs.runNow('events.dispatch');
    await t.tessera.jobs.runNow('webhooks.deliver');
    const logged = await log(hook.id);
    expect(logged.map((d) => d.eventType)).toEqual(['user.created']);
    expect(
      receiver.received.filter((r) => r.body.includes('dedupe-carol') || r.body.includes('user.created')),
    ).toHaveLength(1);
    await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN);
  });

  it('redelivers a succeeded delivery with the same webhook-id, audited', async () => {
    const hook = await addHook(['user.*']);
    receiver.received.length = 0;
    await t.createUser('redeliver-dave');
    await t.tessera.jobs.runNow('events.dispatch');
    await t.tessera.jobs.runNow('webhooks.deliver');
    const [d] = await log(hook.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1 });
    const res = await admin.post(`/api/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`).set(SAME_ORIGIN);
    expect(res.status).toBe(202);
    await t.tessera.jobs.runNow('webhooks.deliver');
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([d!.id, d!.id]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received[1]!.verified).toMatchObject({ ok: true });
    expect((await log(hook.id))[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    const audit = await admin.get('/api/activity?action=webhook.redeliver');
    expect(audit.body.items[0].details).toMatchObject({ webhookId: hook.id, deliveryId: d!.id });
    await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN);
  });

  it('does not follow a redirect, holds deliveries of a disabled endpoint, and pings', async () => {
    const hook = await addHook(['user.*']);
    receiver.received.length = 0;
    receiver.answer(302);
    await t.createUser('redirect-erin');
    await t.tessera.jobs.runNow('events.dispatch');
    await t.tessera.jobs.runNow('webhooks.deliver');
    expect(receiver.received.map((r) => r.path)).toEqual(['/g']);
    expect((await log(hook.id))[0]).toMatchObject({
      status: 'pending',
      lastStatusCode: 302,
      lastError: 'redirect (HTTP 302) not followed',
    });

    await admin.patch(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN).send({ enabled: false });
    await t.createUser('disabled-frank');
    await t.tessera.jobs.runNow('events.dispatch');
    await t.tessera.jobs.runNow('webhooks.deliver', later(60_000));
    expect(receiver.received).toHaveLength(1);
    expect(await log(hook.id)).toHaveLength(1);
    await admin.patch(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN).send({ enabled: true });
    await t.tessera.jobs.runNow('webhooks.deliver', later(60_000));
    expect(receiver.received).toHaveLength(2);

    const ping = await admin.post(`/api/webhooks/${hook.id}/test`).set(SAME_ORIGIN);
    expect(ping.status).toBe(202);
    await t.tessera.jobs.runNow('webhooks.deliver');
    const last = receiver.received.at(-1)!;
    expect(last.verified).toMatchObject({ ok: true, payload: { type: 'webhook.ping', data: { webhookId: hook.id } } });

    // 410 Gone: failed at once, not retried.
    receiver.answer(410);
    await t.createUser('gone-ivan');
    await t.tessera.jobs.runNow('events.dispatch');
    await t.tessera.jobs.runNow('webhooks.deliver');
    expect((await log(hook.id))[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 410' });
    await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN);
  });

  it('signs with the new secret at once after a rotation', async () => {
    const hook = await addHook(['user.*']);
    const rotated = await admin.post(`/api/webhooks/${hook.id}/rotate-secret`).set(SAME_ORIGIN);
    receiver.received.length = 0;
    await t.createUser('rotated-gina');
    await t.tessera.jobs.runNow('events.dispatch');
    await t.tessera.jobs.runNow('webhooks.deliver');
    expect(receiver.received[0]!.verified).toMatchObject({ ok: false });
    receiver.secret = rotated.body.secret;
    await admin.post(`/api/webhooks/${hook.id}/test`).set(SAME_ORIGIN);
    await t.tessera.jobs.runNow('webhooks.deliver');
    expect(receiver.received[1]!.verified).toMatchObject({ ok: true });
    await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN);
  });

  it('times out a receiver that never answers, and a send killed mid-way is due again after its lease', async () => {
    const hook = await addHook(['user.*']);
    const deliverer = new WebhookDeliverer(
      t.store.webhookDeliveries,
      new WebhookSecrets(SESSION_SECRET),
      pino({ level: 'silent' }),
      { timeoutMs: 300 },
    );
    receiver.hangUp(true);
    await t.createUser('hung-harry');
    await t.tessera.jobs.runNow('events.dispatch');
    const started = Date.now();
    expect(await deliverer.run(new Date())).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    receiver.hangUp(false);
    const [d] = await log(hook.id);
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'no response within 0.3 s',
    });

    // A replica claims the next attempt and dies before sending: nobody else sends it until the lease ends.
    const at = later(60_000);
    expect(await t.store.webhookDeliveries.claim(d!.id, 1, at.toISOString(), later(90_000).toISOString())).toBe(true);
    receiver.received.length = 0;
    expect(await deliverer.run(later(80_000))).toBe(0);
    expect(await deliverer.run(later(100_000))).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect((await log(hook.id))[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
  });
  /** Queues `n` deliveries of made-up events for an endpoint, due since `dueSince`. */
  const enqueue = async (webhookId: string, n: number, dueSince: Date) => {
    const ids = Array.from({ length: n }, () => newId());
    await t.store.webhookDeliveries.enqueue(
      ids.map((id, i) => ({
        id,
        webhookId,
        eventId: newId(),
        eventType: 'user.created',
        payload: JSON.stringify({ type: 'user.created', timestamp: dueSince.toISOString(), data: { n: i } }),
        maxAttempts: 8,
        createdAt: dueSince.toISOString(),
        nextAttemptAt: new Date(dueSince.getTime() + i).toISOString(),
      })),
    );
    return ids;
  };
  const rows = (ids: string[]) => db().selectFrom('webhook_deliveries').selectAll().where('id', 'in', ids).execute();

  it('serves a healthy endpoint in the first run while another endpoint’s receiver never answers', async () => {
    const dead = await new WebhookReceiver().start();
    dead.hangUp(true);
    const healthy = await addHook(['user.*']);
    const deadHook = (
      await admin
        .post('/api/webhooks')
        .set(SAME_ORIGIN)
        .send({ url: `${dead.url}/dead`, events: ['user.*'] })
    ).body as { id: string };
    try {
      receiver.received.length = 0;
      // The dead endpoint's backlog has waited longest: 40 deliveries, then the healthy one's.
      const backlog = await enqueue(deadHook.id, 40, new Date(Date.now() - 60_000));
      await enqueue(healthy.id, 1, new Date(Date.now() - 1_000));
      const timeoutMs = 1_500;
      const deliverer = new WebhookDeliverer(
        t.store.webhookDeliveries,
        new WebhookSecrets(SESSION_SECRET),
        pino({ level: 'silent' }),
        { timeoutMs, batch: 20, concurrency: 4 },
      );
      const started = Date.now();
      const run = deliverer.run(new Date());
      while (receiver.received.length === 0 && Date.now() - started < timeoutMs * 3)
        await new Promise((r) => setTimeout(r, 20));
      // In the run's first wave, before any of the dead receiver's attempts has timed out.
      expect(receiver.received).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(timeoutMs);
      await run;
      // The run ends after one timeout: once the dead receiver gave no answer, its other deliveries wait untouched
      // for the next run instead of each holding a worker for the full timeout.
      expect(Date.now() - started).toBeLessThan(timeoutMs * 2);
      const after = await rows(backlog);
      const tried = after.filter((r) => Number(r.attempts) === 1);
      expect(tried.length).toBeGreaterThan(0);
      expect(tried.length).toBeLessThanOrEqual(4);
      expect(after.filter((r) => Number(r.attempts) === 0)).toHaveLength(40 - tried.length);
    } finally {
      await admin.delete(`/api/webhooks/${deadHook.id}`).set(SAME_ORIGIN);
      await admin.delete(`/api/webhooks/${healthy.id}`).set(SAME_ORIGIN);
      await dead.close();
    }
  });

  it('stamps each attempt with when it was made, and schedules its retry from then', async () => {
    const hook = await addHook(['user.*']);
    receiver.received.length = 0;
    receiver.delayMs = 300;
    receiver.answer(500, 500, 500);
    try {
      const ids = await enqueue(hook.id, 3, new Date(Date.now() - 1_000));
      const deliverer = new WebhookDeliverer(
        t.store.webhookDeliveries,
        new WebhookSecrets(SESSION_SECRET),
        pino({ level: 'silent' }),
        { concurrency: 1 },
      );
      // A run at a given time (a test's clock): attempts one after another, each answered after 300 ms.
      const now = new Date(Date.now() + 3_600_000);
      expect(await deliverer.run(now)).toBe(3);
      const byId = new Map((await rows(ids)).map((r) => [r.id, r]));
      const attempted = ids.map((id) => Date.parse(byId.get(id)!.last_attempt_at!));
      const retries = ids.map((id) => Date.parse(byId.get(id)!.next_attempt_at!));
      expect(attempted[0]).toBeGreaterThanOrEqual(now.getTime());
      expect(attempted[1]).toBeGreaterThanOrEqual(now.getTime() + 290);
      expect(attempted[2]).toBeGreaterThanOrEqual(attempted[1]! + 290);
      // The retry is 5 s (±10 %) after the answer came, not after the run started.
      for (let i = 0; i < 3; i++) expect(retries[i]! - attempted[i]!).toBeGreaterThanOrEqual(290 + 4_500);
    } finally {
      receiver.delayMs = 0;
      await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN);
    }
  });

  it('gives an attempt back when a shutdown interrupts the send', async () => {
    const hook = await addHook(['user.*']);
    receiver.received.length = 0;
    receiver.hangUp(true);
    try {
      const dueAt = new Date(Date.now() - 1_000);
      const [id] = await enqueue(hook.id, 1, dueAt);
      const deliverer = new WebhookDeliverer(
        t.store.webhookDeliveries,
        new WebhookSecrets(SESSION_SECRET),
        pino({ level: 'silent' }),
        { timeoutMs: 10_000 },
      );
      const stop = new AbortController();
      const run = deliverer.run(new Date(), stop.signal);
      while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 10));
      stop.abort();
      expect(await run).toBe(0);
      const [row] = await rows([id!]);
      // As before the claim: no attempt counted, due at once for the next run (whichever replica makes it).
      expect(row).toMatchObject({ status: 'pending', last_attempt_at: null, last_error: null });
      expect(Number(row!.attempts)).toBe(0);
      expect(row!.next_attempt_at).toBe(dueAt.toISOString());
      receiver.hangUp(false);
      expect(await deliverer.run(new Date())).toBe(1);
      expect((await log(hook.id))[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      receiver.hangUp(false);
      await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN);
    }
  });
});
