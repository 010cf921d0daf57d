import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../store/kysely-store.js';
import { encodeCursor } from '../store/rows.js';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { ageAuthentication } from '../test-support/sessions.js';

// Issue 19, point 6: administrators manage webhook endpoints; the signing secret leaves the server once (create,
// rotate), is stored sealed, and never reaches a response, a log line or an audit row afterwards; bad input is a
// problem+json 400 that changes nothing.
describe.each(backends)('webhooks API on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  const RECEIVER_TOKEN = 'receiver-query-token-5f1c2a';
  const url = `https://hooks.example.test/tessera?token=${RECEIVER_TOKEN}`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
  });
  afterAll(() => t.close());

  const db = () => (t.store as KyselyStore).db;
  const count = async () => (await admin.get('/api/webhooks')).body.items.length as number;

  it('creates an endpoint whose secret is shown once, stored sealed, and never logged', async () => {
    const res = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url, events: ['auth_token.*', 'user.created'], description: 'SIEM' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { secret, id } = res.body as { secret: string; id: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(res.body).toMatchObject({
      url,
      events: ['auth_token.*', 'user.created'],
      description: 'SIEM',
      enabled: true,
      createdBy: { username: 'admin' },
      disabledAt: null,
    });

    const got = await admin.get(`/api/webhooks/${id}`);
    const list = await admin.get('/api/webhooks');
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(id);
    const key = secret.slice(6);
    for (const body of [got.body, list.body]) expect(JSON.stringify(body)).not.toContain(key);

    const row = await db().selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key);
    expect(row.secret_sealed.startsWith('v1.')).toBe(true);
    expect(t.logs.text).not.toContain(key);
    // The receiver's own token in the URL's query is kept for delivery, but logs and audit rows show the origin.
    expect(t.logs.text).not.toContain(RECEIVER_TOKEN);
    const audit = await admin.get('/api/activity?action=webhook.create');
    expect(audit.status).toBe(200);
    const text = JSON.stringify(audit.body);
    expect(text).toContain('https://hooks.example.test');
    expect(text).not.toContain('/tessera');
    expect(text).not.toContain(RECEIVER_TOKEN);
    expect(text).not.toContain(key);
  });

  it('refuses bad input with problem+json 400 and changes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.test/x', events: ['user.*'] }, 'url'],
      [{ url: 'https://user:pass@example.test/x', events: ['user.*'] }, 'url'],
      [{ url: 'not a url', events: ['user.*'] }, 'url'],
      [{ url: 'https://example.test/x#frag', events: ['user.*'] }, 'url'],
      [{ url: `https://example.test/${'a'.repeat(2000)}`, events: ['user.*'] }, 'url'],
      [{ url: 'https://example.test/x', events: ['token.created'] }, 'events.0'],
      [{ url: 'https://example.test/x', events: ['auth_token.created', 'auth_token.created'] }, 'events'],
      [{ url: 'https://example.test/x', events: [] }, 'events'],
      [{ url: 'https://example.test/x', events: ['user.*'], description: 'a\nb' }, 'description'],
      [{ url: 'https://example.test/x', events: ['user.*'], secret: 'whsec_mine' }, 'body'],
      // Control characters: a NUL reached PostgreSQL (a 500); a tab or line break the URL parser would drop.
      [{ url: 'https://example.test/a\u0000b', events: ['user.*'] }, 'url'],
      [{ url: 'https://example.test/a\tb', events: ['user.*'] }, 'url'],
      [{ url: 'https://example.test/a\nb', events: ['user.*'] }, 'url'],
      [{ url: 'https://exa\u0000mple.test/a', events: ['user.*'] }, 'url'],
      [{ url: `https://example.test/${'é'.repeat(700)}`, events: ['user.*'] }, 'url'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/webhooks').set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('invalid_request');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const unknownType = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url: 'https://example.test/x', events: ['token.created'] });
    expect(unknownType.body.detail).toContain('is not an event type or wildcard');
    const ftp = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url: 'ftp://example.test/x', events: ['user.*'] });
    expect(ftp.body.detail).toContain('must be an http or https URL');
    expect(await count()).toBe(before);

    const { id } = (
      await admin
        .post('/api/webhooks')
        .set(SAME_ORIGIN)
        .send({ url, events: ['*'] })
    ).body;
    for (const body of [
      {},
      { url: 'javascript:alert(1)' },
      { url: 'https://example.test/a\u0000b' },
      { events: ['nope.*'] },
      { enabled: 'no' },
    ]) {
      const res = await admin.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const after = await admin.get(`/api/webhooks/${id}`);
    expect(after.body).toMatchObject({ url, events: ['*'], enabled: true });
    // A delivery log's cursor with a control character is not one this server gave.
    const nul = encodeCursor(['2026-12-01T00:00:00.000Z', '\u0000']);
    const log = await admin.get(`/api/webhooks/${id}/deliveries?cursor=${nul}`);
    expect(log.status).toBe(400);
    expect(log.body.errors.map((e: { path: string }) => e.path)).toContain('cursor');
  });

  it('stores and posts to the URL as parsed: normalised, what fetch will use', async () => {
    const res = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url: 'HTTPS://Hooks.Example.TEST:443/a b/ü?q=1 2', events: ['user.*'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.url).toBe('https://hooks.example.test/a%20b/%C3%BC?q=1%202');
    const patched = await admin
      .patch(`/api/webhooks/${res.body.id}`)
      .set(SAME_ORIGIN)
      .send({ url: 'http://127.0.0.1:9' });
    expect(patched.body.url).toBe('http://127.0.0.1:9/');
    const row = await db().selectFrom('webhooks').select('url').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.url).toBe('http://127.0.0.1:9/');
    await admin.delete(`/api/webhooks/${res.body.id}`).set(SAME_ORIGIN);
  });

  it('changes, turns off and on, and deletes an endpoint, each audited', async () => {
    const created = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['user.*'] });
    const id = created.body.id as string;
    const patched = await admin
      .patch(`/api/webhooks/${id}`)
      .set(SAME_ORIGIN)
      .send({ events: ['oauth2_client.*'], description: 'renamed', enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['oauth2_client.*'], description: 'renamed', enabled: false });
    expect(patched.body.disabledAt).not.toBeNull();
    const on = await admin.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send({ enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabledAt: null });

    expect((await admin.delete(`/api/webhooks/${id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await admin.get(`/api/webhooks/${id}`)).status).toBe(404);
    expect((await admin.delete(`/api/webhooks/${id}`).set(SAME_ORIGIN)).status).toBe(404);
    const actions = (await admin.get('/api/activity?limit=20')).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.update', 'webhook.delete']));
  });

  it('asks an old session to confirm before pointing an endpoint elsewhere, turning it off, deleting it or redelivering', async () => {
    const password = 'hook-admin-password-1';
    const adminId = await t.createUser('hook-admin', { role: 'admin', password });
    const other = await t.signIn('hook-admin', password);
    const { id } = (
      await other
        .post('/api/webhooks')
        .set(SAME_ORIGIN)
        .send({ url: 'http://127.0.0.1:9/step', events: ['user.*'] })
    ).body as { id: string };
    const ping = await other.post(`/api/webhooks/${id}/test`).set(SAME_ORIGIN);
    expect(ping.status).toBe(202);
    const deliveryId = ping.body.id as string;
    await ageAuthentication(t.store, adminId);

    const stale = [
      await other.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send({ url: 'http://127.0.0.1:9/elsewhere' }),
      await other.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send({ enabled: false }),
      await other.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send({ description: 'x', enabled: false }),
      await other.delete(`/api/webhooks/${id}`).set(SAME_ORIGIN),
      await other.post(`/api/webhooks/${id}/deliveries/${deliveryId}/redeliver`).set(SAME_ORIGIN),
      await other.post(`/api/webhooks/${id}/rotate-secret`).set(SAME_ORIGIN),
    ];
    for (const res of stale) {
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body.code).toBe('reauthentication_required');
    }
    // Nothing changed meanwhile.
    expect((await admin.get(`/api/webhooks/${id}`)).body).toMatchObject({
      url: 'http://127.0.0.1:9/step',
      enabled: true,
      description: '',
    });
    expect((await admin.get('/api/activity?action=webhook.redeliver')).body.items).toHaveLength(0);
    // Not sensitive: the events, the description, turning it back on.
    expect(
      (
        await other
          .patch(`/api/webhooks/${id}`)
          .set(SAME_ORIGIN)
          .send({ events: ['*'], description: 'd' })
      ).status,
    ).toBe(200);
    expect((await other.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send({ enabled: true })).status).toBe(200);

    await other.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password }).expect(204);
    expect((await other.post(`/api/webhooks/${id}/deliveries/${deliveryId}/redeliver`).set(SAME_ORIGIN)).status).toBe(
      202,
    );
    expect((await other.patch(`/api/webhooks/${id}`).set(SAME_ORIGIN).send({ enabled: false })).status).toBe(200);
    expect((await other.delete(`/api/webhooks/${id}`).set(SAME_ORIGIN)).status).toBe(204);
  });

  it('rotates the secret: a new one, shown once', async () => {
    const created = await admin
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url, events: ['user.*'] });
    const rotated = await admin.post(`/api/webhooks/${created.body.id}/rotate-secret`).set(SAME_ORIGIN);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const got = await admin.get(`/api/webhooks/${created.body.id}`);
    expect(JSON.stringify(got.body)).not.toContain(rotated.body.secret.slice(6));
    expect(t.logs.text).not.toContain(rotated.body.secret.slice(6));
  });

  it('is for administrators only: 401 without a credential, 403 for a user, 404 for no such endpoint', async () => {
    expect((await t.http.get('/api/webhooks')).status).toBe(401);
    await t.createUser('hook-user', { password: 'hook-user-password-1' });
    const user = await t.signIn('hook-user', 'hook-user-password-1');
    const refused = await user
      .post('/api/webhooks')
      .set(SAME_ORIGIN)
      .send({ url, events: ['*'] });
    expect(refused.status).toBe(403);
    expect((await user.get('/api/webhooks')).status).toBe(403);
    expect((await admin.get('/api/webhooks/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const noDelivery = await admin
      .post('/api/webhooks/00000000-0000-0000-0000-000000000000/deliveries/x/redeliver')
      .set(SAME_ORIGIN);
    expect(noDelivery.status).toBe(404);
    expect((await admin.get('/api/webhooks/x/deliveries?cursor=nope')).status).toBe(404);
  });
});
