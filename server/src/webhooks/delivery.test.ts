import type TestAgent from 'supertest/lib/agent.js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../store/kysely-store.js';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { WebhookDeliverer } from './deliverer.js';
import { RETRY_DELAYS_MS } from './retry.js';
import { WebhookSecrets } from './secret.js';

const SESSION_SECRET = 'test-session-secret-that-is-long-enough';
const later = (ms: number) => new Date(Date.now() + ms);

interface LoggedDelivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  payload: { type: string; data: Record<string, unknown> };
}

// Issue 19, point 6: deliveries reach a real receiver on loopback, signed as Standard Webhooks (verified with the
// standardwebhooks library), retried on the schedule, deduplicated per event, and sent again with the same id.
describe.each(backends)('webhook deliveries on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let receiver: WebhookReceiver;
  let hook: { id: string; secret: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  afterEach(async () => {
    // Each test starts with no endpoint and nothing pending.
    for (const w of (await admin.get('/api/webhooks')).body.items as { id: string }[])
      await admin.delete(`/api/webhooks/${w.id}`).set(SAME_ORIGIN);
    await t.tessera.jobs.runNow('events.dispatch');
    receiver.received.length = 0;
  });

  const addHook = async (events: string[], path = '/hook') => {
    const res = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url: `${receiver.url}${path}`, events, description: 'loopback' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    hook = { id: res.body.id, secret: res.body.secret };
    receiver.secret = hook.secret;
    return hook;
  };
  const log = async (id = hook.id) => {
    const res = await admin.get(`/api/webhooks/${id}/deliveries`);
    expect(res.status).toBe(200);
    return res.body.items as LoggedDelivery[];
  };
  const dispatch = () => t.tessera.jobs.runNow('events.dispatch');
  const deliver = (at?: Date) => t.tessera.jobs.runNow('webhooks.deliver', at);

  it('posts a subscribed event, signed, with the delivery’s id as webhook-id, and nothing unsubscribed', async () => {
    await addHook(['auth_token.*']);
    const token = await t.createToken(admin, 'me', { description: 'hooked' });
    await t.createUser('hook-bob');
    await dispatch();
    await deliver();
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got!.verified, JSON.stringify(got!.verified)).toMatchObject({ ok: true });
    expect(got!.path).toBe('/hook');
    expect(got!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      type: 'auth_token.created',
      data: { tokenId: token.id, actor: { username: 'admin' } },
    });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    expect(got!.body).not.toContain(token.token);
    expect(got!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const [logged] = await log();
    expect(logged).toMatchObject({
      id: got!.headers['webhook-id'],
      eventType: 'auth_token.created',
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    // A wrong secret does not verify: the signature is the endpoint's.
    receiver.secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    await t.createToken(admin, 'me', { description: 'second' });
    await dispatch();
    await deliver();
    expect(receiver.received[1]!.verified).toMatchObject({ ok: false, error: 'No matching signature found' });
  });

  it('retries a failed attempt with backoff, then succeeds with the same webhook-id', async () => {
    await addHook(['auth_token.created']);
    receiver.answer(500);
    await t.createToken(admin);
    await dispatch();
    const started = Date.now();
    await deliver();
    let [d] = await log();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    const wait = Date.parse(d!.nextAttemptAt!) - started;
    expect(wait).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[0]! * 0.9 - 50);
    expect(wait).toBeLessThanOrEqual(RETRY_DELAYS_MS[0]! * 1.1 + 2_000);
    await deliver(later(1_000));
    expect(receiver.received).toHaveLength(1);
    await deliver(later(10_000));
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
    expect(receiver.received[1]!.verified).toMatchObject({ ok: true });
    [d] = await log();
    expect(d).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200, lastError: null });
  });

  it('fails a delivery after its eight attempts over about a day, and sends nothing more', async () => {
    await addHook(['auth_token.created']);
    receiver.answer(503, 503, 503, 503, 503, 503, 503, 503);
    await t.createToken(admin);
    await dispatch();
    let at = Date.now();
    for (let i = 0; i < 8; i++) {
      await deliver(new Date(at));
      at += 12 * 3_600_000;
    }
    const [d] = await log();
    expect(d).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 503, nextAttemptAt: null });
    await deliver(new Date(at + 86_400_000));
    expect(receiver.received).toHaveLength(8);
    // Redelivered by an administrator: one more attempt with the same id, and the receiver is back.
    receiver.received.length = 0;
    const again = await admin.post(`/api/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`).set(SAME_ORIGIN);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: d!.id, status: 'pending', attempts: 8 });
    await deliver();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['webhook-id']).toBe(d!.id);
    const [after] = await log();
    expect(after).toMatchObject({ status: 'succeeded', attempts: 9 });
  });
});

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
});
