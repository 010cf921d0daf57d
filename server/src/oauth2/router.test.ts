import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const SCOPES = [
  { audience: 'https://api.example.com', scope: 'reports.read' },
  { audience: 'https://api.example.com/', scope: 'reports.write' },
];
const PATH = '/api/users/me/oauth2-client-credentials';

describe.each(backends)('OAuth 2.0 client credentials API (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_MAX_TOKENS_PER_USER: '2' });
  });
  afterEach(async () => t.close());

  it('creates a credential, shows the secret only on create, lists, updates, resets and deletes it', async () => {
    const admin = await t.signIn();
    const created = await admin
      .post(PATH)
      .set(SAME_ORIGIN)
      .send({ name: 'reports', description: 'Reports job', scopes: SCOPES });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^tsc_[0-9A-Za-z]{36}$/);
    expect(created.body).toMatchObject({
      name: 'reports',
      description: 'Reports job',
      scopes: SCOPES,
      fullyQualifiedScopes: ['https://api.example.com/reports.read', 'https://api.example.com/reports.write'],
      expiresAt: null,
    });
    expect(created.body.clientId).toBe(created.body.id);
    const id = created.body.id as string;
    const secret = created.body.secret as string;

    const list = await admin.get(PATH);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.items[0]).not.toHaveProperty('secret');
    expect(list.body.policy).toMatchObject({ maxPerUser: 2, used: 1 });

    const patched = await admin
      .patch(`${PATH}/${id}`)
      .set(SAME_ORIGIN)
      .send({ name: 'renamed', scopes: [SCOPES[0]] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'renamed', description: 'Reports job', scopes: [SCOPES[0]] });

    const reset = await admin.post(`${PATH}/${id}/reset-secret`).set(SAME_ORIGIN);
    expect(reset.status).toBe(200);
    expect(reset.body.secret).toMatch(/^tsc_/);
    expect(reset.body.secret).not.toBe(secret);

    expect((await admin.delete(`${PATH}/${id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await admin.get(`${PATH}/${id}`)).status).toBe(404);
    expect(t.logs.text).not.toContain(secret);
    expect(t.logs.text).not.toContain(reset.body.secret);

    const events = await t.store.audit.list({ action: 'oauth2_client.create', limit: 10 });
    expect(events.events).toHaveLength(1);
  });

  it('reset-secret applies today’s lifetime policy, as an auth token’s regenerate does', async () => {
    const admin = await t.signIn();
    const DAY = 86_400_000;
    const make = async (name: string, expiresAt: string | null) => {
      const res = await admin.post(PATH).set(SAME_ORIGIN).send({ name, scopes: SCOPES, expiresAt });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const never = await make('never', null);
    const long = await make('long', new Date(Date.now() + 365 * DAY).toISOString());
    const saved = await admin
      .patch('/api/policy')
      .set(SAME_ORIGIN)
      .send({ maxLifetimeDays: 30, defaultLifetimeDays: 14, requireExpiry: true });
    expect(saved.status).toBe(200);
    for (const id of [never, long]) {
      const reset = await admin.post(`${PATH}/${id}/reset-secret`).set(SAME_ORIGIN);
      expect(reset.status).toBe(200);
      expect(Math.abs(Date.parse(reset.body.expiresAt as string) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
      expect((await admin.get(`${PATH}/${id}`)).body.expiresAt).toBe(reset.body.expiresAt);
    }
    const audit = await t.store.audit.list({ action: 'oauth2_client.reset_secret', limit: 10 });
    expect(audit.events[0]!.details).toMatchObject({ expiresAt: expect.any(String) });
    expect(audit.events[0]!.details).not.toHaveProperty('expiryBoundByCreator');
  });

  it('refuses bad input with problem+json naming the field', async () => {
    const admin = await t.signIn();
    const cases = [
      { name: '', scopes: SCOPES },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: [{ audience: 'not a uri', scope: 'a' }] },
      { name: 'x', scopes: [{ audience: 'api.example.com', scope: 'a' }] },
      { name: 'x', scopes: [{ audience: 'https://a.example', scope: 'two words' }] },
      { name: 'x', scopes: Array.from({ length: 11 }, (_, i) => ({ audience: 'https://a.example', scope: `s${i}` })) },
      { name: 'x', scopes: [SCOPES[0], SCOPES[0]] },
      { name: 'x', scopes: SCOPES, extra: 1 },
    ];
    for (const body of cases) {
      const res = await admin.post(PATH).set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('enforces the per-user limit', async () => {
    const admin = await t.signIn();
    for (let i = 0; i < 2; i++) {
      expect(
        (
          await admin
            .post(PATH)
            .set(SAME_ORIGIN)
            .send({ name: `c${i}`, scopes: SCOPES })
        ).status,
      ).toBe(201);
    }
    const third = await admin.post(PATH).set(SAME_ORIGIN).send({ name: 'c3', scopes: SCOPES });
    expect(third.status).toBe(422);
    expect(third.body.code).toBe('oauth2_client_limit_reached');
  });

  it('lets the owner and an administrator act, and answers 404 to anyone else', async () => {
    const aliceId = await t.createUser('alice');
    await t.createUser('bob');
    const alice = await t.signIn('alice', 'alice-password-123');
    const bob = await t.signIn('bob', 'bob-password-123');
    const admin = await t.signIn();

    const own = await alice.post(PATH).set(SAME_ORIGIN).send({ name: 'mine', scopes: SCOPES });
    expect(own.status).toBe(201);
    const byAdmin = await admin
      .post(`/api/users/${aliceId}/oauth2-client-credentials`)
      .set(SAME_ORIGIN)
      .send({ name: 'from admin', scopes: SCOPES });
    expect(byAdmin.status).toBe(201);
    expect((await alice.get(PATH)).body.items).toHaveLength(2);

    const other = `/api/users/${aliceId}/oauth2-client-credentials`;
    expect((await bob.get(other)).status).toBe(404);
    expect((await bob.post(other).set(SAME_ORIGIN).send({ name: 'x', scopes: SCOPES })).status).toBe(404);
    expect((await bob.delete(`${other}/${own.body.id}`).set(SAME_ORIGIN)).status).toBe(404);
    // Bob's own path does not reach Alice's credential either.
    expect((await bob.delete(`${PATH}/${own.body.id}`).set(SAME_ORIGIN)).status).toBe(404);
    expect((await t.http.get(PATH)).status).toBe(401);
  });

  it('lets only administrators rotate the signing key', async () => {
    await t.createUser('carol');
    const carol = await t.signIn('carol', 'carol-password-123');
    expect((await carol.post('/api/oauth2/keys/rotate').set(SAME_ORIGIN)).status).toBe(403);
    const admin = await t.signIn();
    const rotated = await admin.post('/api/oauth2/keys/rotate').set(SAME_ORIGIN);
    expect(rotated.status).toBe(200);
    const jwks = await t.http.get('/oauth2/v1/keys');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(rotated.body.kid);
  });
});
