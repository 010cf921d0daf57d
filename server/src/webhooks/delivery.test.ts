import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../store/kysely-store.js';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { RETRY_DELAYS_MS } from './retry.js';

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

  it('keeps a credential in the receiver’s path (Slack, Discord, Teams) out of every log line and audit row', async () => {
    const SECRET = 'xoxSlackPathSecret9f3b7c1d';
    const OTHER = 'discordPathToken4e8a2b6c';
    await addHook(['user.*'], `/services/T0001/B0002/${SECRET}`);
    receiver.answer(500);
    await t.createUser('slack-path-kim');
    await dispatch();
    await deliver();
    await deliver(later(10_000));
    expect(receiver.received.map((r) => r.path)).toEqual([
      `/services/T0001/B0002/${SECRET}`,
      `/services/T0001/B0002/${SECRET}`,
    ]);
    const [d] = await log();
    await admin.post(`/api/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`).set(SAME_ORIGIN).expect(202);
    await admin
      .patch(`/api/webhooks/${hook.id}`)
      .set(SAME_ORIGIN)
      .send({ url: `${receiver.url}/api/webhooks/123/${OTHER}` })
      .expect(200);
    await admin.post(`/api/webhooks/${hook.id}/test`).set(SAME_ORIGIN).expect(202);
    await deliver();
    expect(receiver.received.at(-1)!.path).toBe(`/api/webhooks/123/${OTHER}`);
    await admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN).expect(204);

    expect(t.logs.text).toContain('webhook delivered');
    expect(t.logs.text).toContain('webhook delivery attempt failed');
    const audit = JSON.stringify(
      await (t.store as KyselyStore).db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', 'like', 'webhook.%')
        .execute(),
    );
    expect(audit).toContain(receiver.url);
    for (const secret of [SECRET, OTHER]) {
      expect(t.logs.text).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    const csv = await admin.get('/api/activity?format=csv&limit=200');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('webhook.update');
    for (const secret of [SECRET, OTHER]) expect(csv.text).not.toContain(secret);
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
    // The secret is in no row in clear: not the deliveries, the audit log or the outbox; and in no log line.
    const key = hook.secret.slice(6);
    const db = (t.store as KyselyStore).db;
    for (const table of ['webhooks', 'webhook_deliveries', 'audit_events', 'domain_events'] as const)
      expect(JSON.stringify(await db.selectFrom(table).selectAll().execute())).not.toContain(key);
    expect(t.logs.text).not.toContain(key);
  });
});
