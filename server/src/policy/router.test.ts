import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DAY_MS = 86_400_000;
const ALL = ['profile:read', 'tokens:read', 'tokens:write', 'activity:read', 'admin:read', 'admin:write'];
const ENV = {
  TESSERA_MAX_TOKENS_PER_USER: '5',
  TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS: '30',
  TESSERA_PUBLIC_URL: 'http://tessera.test',
};
const FIRST = {
  maxTokensPerUser: 5,
  defaultLifetimeDays: 30,
  maxLifetimeDays: null,
  requireExpiry: false,
  revokeUnusedAfterDays: null,
  defaultScopes: null,
  allowedScopes: ALL,
  oauth2ClientCredentials: true,
};
const days = (iso: string) => (Date.parse(iso) - Date.now()) / DAY_MS;
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

describe.each(backends)('policy API (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: TestAgent;

  const patch = (body: Record<string, unknown>) => admin.patch('/api/policy').set(SAME_ORIGIN).send(body);
  const create = (agent: TestAgent, body: Record<string, unknown>) =>
    agent.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send(body);

  beforeAll(async () => {
    t = await startTestApp(kind, ENV);
    admin = await t.signIn();
    await t.createUser('alice');
    alice = await t.signIn('alice', 'alice-password-123');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    // Every test starts from the environment's values (saved, so the row exists after the first test).
    expect((await patch(FIRST)).status).toBe(200);
  });

  it('answers the environment’s values until a policy is saved, to administrators only', async () => {
    const fresh = await startTestApp(kind, { ...ENV, TESSERA_MAX_TOKEN_LIFETIME_DAYS: '60' });
    try {
      const res = await (await fresh.signIn()).get('/api/policy');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...FIRST, maxLifetimeDays: 60, requireExpiry: true });
    } finally {
      await fresh.close();
    }
    expect((await t.http.get('/api/policy')).status).toBe(401);
    expect((await alice.get('/api/policy')).status).toBe(403);
    expect((await alice.patch('/api/policy').set(SAME_ORIGIN).send({ requireExpiry: true })).status).toBe(403);
    expect((await alice.post('/api/policy/impact').set(SAME_ORIGIN).send({})).status).toBe(403);
  });

  it('changes only the fields a PATCH names, answers the whole policy and audits before and after', async () => {
    const res = await patch({ maxLifetimeDays: 90, requireExpiry: true, revokeUnusedAfterDays: 180 });
    expect(res.status).toBe(200);
    const after = { ...FIRST, maxLifetimeDays: 90, requireExpiry: true, revokeUnusedAfterDays: 180 };
    expect(res.body).toEqual(after);
    expect((await admin.get('/api/policy')).body).toEqual(after);
    const audit = await admin.get('/api/activity?action=policy.update&limit=1');
    const row = (audit.body as { items: { details: Record<string, unknown>; actor: unknown }[] }).items[0]!;
    expect(row.details).toMatchObject({
      changed: ['maxLifetimeDays', 'requireExpiry', 'revokeUnusedAfterDays'],
      before: FIRST,
      after,
    });
  });

  it('refuses an inconsistent policy with 400 naming every broken rule, and changes nothing', async () => {
    await patch({ revokeUnusedAfterDays: 30 });
    const res = await patch({
      maxLifetimeDays: 20,
      defaultScopes: ['admin:write'],
      allowedScopes: ['profile:read'],
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'defaultLifetimeDays',
      'defaultScopes',
      'requireExpiry',
    ]);
    expect((await admin.get('/api/policy')).body).toEqual({ ...FIRST, revokeUnusedAfterDays: 30 });
    expect((await patch({ allowedScopes: ['profile:read'] })).body.errors[0].path).toBe('defaultScopes');
    expect((await patch({})).status).toBe(400);
    expect((await patch({ maxTokensPerUser: 0 })).status).toBe(400);
    expect((await patch({ allowedScopes: ['tokens:delete'] })).status).toBe(400);
  });

  it('requires an expiry: refuses "no expiry", gives the default lifetime, and the list says so', async () => {
    await patch({ requireExpiry: true });
    const never = await create(alice, { description: 'forever', expiresAt: null });
    expect(never.status).toBe(422);
    expect(never.body.code).toBe('expiry_required');
    const dflt = await create(alice, { description: 'default' });
    expect(dflt.status).toBe(201);
    expect(days(dflt.body.expiresAt as string)).toBeCloseTo(30, 0);
    const list = await alice.get('/api/users/me/auth-tokens');
    expect(list.body.policy).toMatchObject({ requireExpiry: true, maxLifetimeDays: null, maxTokensPerUser: 5 });
    await alice.delete(`/api/users/me/auth-tokens/${dflt.body.id}`).set(SAME_ORIGIN);
  });

  it('caps creates and regenerates at the maximum lifetime saved in the database', async () => {
    const forever = await create(alice, { description: 'forever', expiresAt: null });
    expect(forever.status).toBe(201);
    await patch({ maxLifetimeDays: 10, defaultLifetimeDays: 7, requireExpiry: true });
    const long = await create(alice, {
      description: 'long',
      expiresAt: new Date(Date.now() + 20 * DAY_MS).toISOString(),
    });
    expect(long.status).toBe(422);
    expect(long.body.code).toBe('expiry_beyond_policy');
    const regenerated = await alice.post(`/api/users/me/auth-tokens/${forever.body.id}/regenerate`).set(SAME_ORIGIN);
    expect(regenerated.status).toBe(200);
    expect(days(regenerated.body.expiresAt as string)).toBeCloseTo(10, 0);
    expect((await alice.get('/api/users/me/auth-tokens')).body.policy).toMatchObject({ maxLifetimeDays: 10 });
    await alice.delete(`/api/users/me/auth-tokens/${forever.body.id}`).set(SAME_ORIGIN);
  });

  it('gives the default scopes to a create that names none, and refuses scopes the policy does not allow', async () => {
    await patch({
      allowedScopes: ['profile:read', 'tokens:read', 'admin:read'],
      defaultScopes: ['profile:read', 'admin:read'],
    });
    // An administrator's scope among the defaults is left out for a user, not refused.
    const plain = await create(alice, { description: 'plain' });
    expect(plain.status).toBe(201);
    expect(plain.body.scopes).toEqual(['profile:read']);
    const wide = await create(alice, { description: 'wide', scopes: ['profile:read', 'tokens:write'] });
    expect(wide.status).toBe(422);
    expect(wide.body.code).toBe('scope_not_allowed_by_policy');
    expect(wide.body.detail).toContain('tokens:write');
    // Widening an existing token to a scope outside the policy is refused the same way; narrowing is not.
    const widen = await alice
      .patch(`/api/users/me/auth-tokens/${plain.body.id}`)
      .set(SAME_ORIGIN)
      .send({ scopes: ['profile:read', 'activity:read'] });
    expect(widen.status).toBe(422);
    await alice.delete(`/api/users/me/auth-tokens/${plain.body.id}`).set(SAME_ORIGIN);
  });

  it('turns OAuth 2.0 clients off: no create (409), existing clients refused at the token endpoint', async () => {
    const made = await alice
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'job', scopes: [{ audience: 'https://api.example.com', scope: 'reports.read' }] });
    expect(made.status).toBe(201);
    const { id, secret } = made.body as { id: string; secret: string };
    const token = () =>
      t.http
        .post('/oauth2/v1/token')
        .set('Authorization', basic(id, secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
    expect((await token()).status).toBe(200);

    await patch({ oauth2ClientCredentials: false });
    const refused = await token();
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    const again = await alice
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'job2', scopes: [{ audience: 'https://api.example.com', scope: 'reports.read' }] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('oauth2_clients_turned_off');
    expect((await alice.get('/api/users/me/oauth2-client-credentials')).body.policy.enabled).toBe(false);

    await patch({ oauth2ClientCredentials: true });
    expect((await token()).status).toBe(200);
    await alice.delete(`/api/users/me/oauth2-client-credentials/${id}`).set(SAME_ORIGIN);
  });
});
