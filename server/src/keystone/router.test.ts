import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const PASSWORD = 'user-a-password-123';

// Open Telekom Cloud's "Obtaining a User Token Through Password Authentication" example request, verbatim but for
// the user name and password (Tessera usernames have no spaces); the domain is configured to match.
const otcRequest = (name = 'usera', password = PASSWORD) => ({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name, password, domain: { name: 'domain A' } } },
    },
    scope: { domain: { name: 'domain A' } },
  },
});

describe.each(backends)('Keystone v3 tokens (%s)', (kind) => {
  let t: TestApp;
  let userId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, {
      TESSERA_DOMAIN_NAME: 'domain A',
      TESSERA_KEYSTONE_TOKEN_TTL: '3600',
      TESSERA_SIGN_IN_MAX_FAILURES: '3',
    });
    userId = await t.createUser('usera', { password: PASSWORD });
  });
  afterEach(async () => t.close());

  const issue = (body: unknown) =>
    t.http.post('/v3/auth/tokens').set('Content-Type', 'application/json;charset=utf8').send(JSON.stringify(body));

  it('issues a domain-scoped token for the OTC example request, in X-Subject-Token, with a Keystone body', async () => {
    const res = await issue(otcRequest());
    expect(res.status).toBe(201);
    const token = res.headers['x-subject-token'] as string;
    expect(token).toMatch(/^tsk_[0-9A-Za-z]{36}$/);
    const b = res.body.token;
    expect(b).toMatchObject({
      methods: ['password'],
      user: { id: userId, name: 'usera', domain: { id: 'default', name: 'domain A' } },
      domain: { id: 'default', name: 'domain A' },
      roles: [{ id: 'member', name: 'member' }],
      catalog: [],
    });
    expect(b.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const ttl = Date.parse(b.expires_at) - Date.parse(b.issued_at);
    expect(ttl).toBe(3600_000);
    expect(b.audit_ids).toHaveLength(1);
    expect(res.text).not.toContain(token);
    // Hashed at rest: the token is nowhere in the database or the log.
    expect(JSON.stringify(await t.store.keystoneTokens.find(token))).toBe(undefined);
    expect(t.logs.text).not.toContain(token);
  });

  it('issues none while the user’s API tokens are off, and refuses the ones issued before until they are on', async () => {
    const token = (await issue(otcRequest())).headers['x-subject-token'] as string;
    const whoami = () => t.http.get('/api/whoami').set('X-Auth-Token', token);
    expect((await whoami()).status).toBe(200);
    await t.store.users.update(userId, { apiTokensEnabled: false, updatedAt: new Date().toISOString() });
    expect((await whoami()).status).toBe(401);
    const refused = await issue(otcRequest());
    expect(refused.status).toBe(403);
    expect(refused.headers['x-subject-token']).toBeUndefined();
    expect(refused.body).toEqual({
      error: { code: 403, title: 'Forbidden', message: expect.stringMatching(/turned off/) },
    });
    const { events } = await t.store.audit.list({ action: 'keystone.token.issue', limit: 10 });
    expect(events[0]).toMatchObject({
      outcome: 'failure',
      targetUserId: userId,
      details: { reason: 'api_tokens_disabled' },
    });
    await t.store.users.update(userId, { apiTokensEnabled: true, updatedAt: new Date().toISOString() });
    expect((await whoami()).status).toBe(200);
  });

  it('works on all of Tessera’s API through X-Auth-Token and Bearer', async () => {
    const token = (await issue(otcRequest())).headers['x-subject-token'] as string;
    for (const h of [{ 'X-Auth-Token': token }, { Authorization: `Bearer ${token}` }]) {
      const who = await t.http.get('/api/whoami').set(h);
      expect(who.status).toBe(200);
      expect(who.body).toMatchObject({ username: 'usera', authenticatedBy: 'keystone' });
    }
    const created = await t.http
      .post('/api/users/me/auth-tokens')
      .set('X-Auth-Token', token)
      .send({ description: 'ci' });
    expect(created.status).toBe(201);
  });

  it('accepts the user by id, and the domain by id; unscoped tokens carry no domain', async () => {
    const byId = await issue({
      auth: { identity: { methods: ['password'], password: { user: { id: userId, password: PASSWORD } } } },
    });
    expect(byId.status).toBe(201);
    expect(byId.body.token).not.toHaveProperty('domain');
    const domainById = await issue({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'usera', password: PASSWORD, domain: { id: 'default' } } },
        },
        scope: { domain: { id: 'default' } },
      },
    });
    expect(domainById.status).toBe(201);
  });

  it('answers an unknown project with Keystone’s 401, and a project named without its domain with 400', async () => {
    const unknown = await issue({
      ...otcRequest(),
      auth: { ...otcRequest().auth, scope: { project: { id: 'nope' } } },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({
      error: { code: 401, title: 'Unauthorized', message: expect.stringMatching(/no access to the requested project/) },
    });
    expect(unknown.headers['x-subject-token']).toBeUndefined();
    const noDomain = await issue({
      ...otcRequest(),
      auth: { ...otcRequest().auth, scope: { project: { name: 'p' } } },
    });
    expect(noDomain.status).toBe(400);
    expect(noDomain.body.error).toMatchObject({ code: 400, message: expect.stringMatching(/needs its domain/) });
  });

  it('answers wrong password, unknown user and unknown domain alike with 401, audits and throttles them', async () => {
    const wrong = await issue(otcRequest('usera', 'not-the-password'));
    const unknown = await issue(otcRequest('nobody'));
    const otherDomain = await issue({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'usera', password: PASSWORD, domain: { name: 'elsewhere' } } },
        },
      },
    });
    for (const r of [wrong, unknown, otherDomain]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual(wrong.body);
      expect(r.headers['x-subject-token']).toBeUndefined();
    }
    expect(wrong.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    const events = await t.store.audit.list({ action: 'keystone.token.issue', limit: 10 });
    const failures = events.events.filter((e) => e.outcome === 'failure');
    expect(failures).toHaveLength(3);
    // One password check for the console and Keystone: the console's reason names (another domain is an unknown user).
    expect(failures.map((e) => e.details?.reason).sort()).toEqual(['unknown_user', 'unknown_user', 'wrong_password']);
    expect(failures.every((e) => e.details?.method === 'password')).toBe(true);
    // The third failure for usera from this IP reached the shared sign-in limit: even the right password waits.
    await issue(otcRequest('usera', 'still-wrong-password'));
    const locked = await issue(otcRequest());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // …and the console sign-in shares the lock.
    const console = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'usera', password: PASSWORD });
    expect(console.status).toBe(429);
  });

  it('issues a token from a valid token, never outliving it', async () => {
    const first = await issue(otcRequest());
    const token = first.headers['x-subject-token'] as string;
    const res = await issue({ auth: { identity: { methods: ['token'], token: { id: token } } } });
    expect(res.status).toBe(201);
    // Keystone's re-scope adds `token` to the methods the first token was issued by.
    expect(res.body.token.methods).toEqual(['token', 'password']);
    expect(res.body.token.audit_ids).toEqual([expect.any(String), first.body.token.audit_ids[0]]);
    expect(Date.parse(res.body.token.expires_at)).toBeLessThanOrEqual(Date.parse(first.body.token.expires_at));
    // Change the last character for certain: replacing it with a fixed one left the token valid 1 time in 62.
    const broken = token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
    const bad = await issue({ auth: { identity: { methods: ['token'], token: { id: broken } } } });
    expect(bad.status).toBe(401);
  });

  it('validates with GET and HEAD, revokes with DELETE at once, and 404s afterwards', async () => {
    const caller = (await issue(otcRequest())).headers['x-subject-token'] as string;
    const subject = (await issue(otcRequest())).headers['x-subject-token'] as string;
    const get = await t.http.get('/v3/auth/tokens').set('X-Auth-Token', caller).set('X-Subject-Token', subject);
    expect(get.status).toBe(200);
    expect(get.body.token.user.name).toBe('usera');
    const head = await t.http.head('/v3/auth/tokens').set('X-Auth-Token', caller).set('X-Subject-Token', subject);
    expect(head.status).toBe(200);
    const del = await t.http.delete('/v3/auth/tokens').set('X-Auth-Token', caller).set('X-Subject-Token', subject);
    expect(del.status).toBe(204);
    expect(
      (await t.http.head('/v3/auth/tokens').set('X-Auth-Token', caller).set('X-Subject-Token', subject)).status,
    ).toBe(404);
    const again = await t.http.get('/v3/auth/tokens').set('X-Auth-Token', caller).set('X-Subject-Token', subject);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe(404);
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', subject)).status).toBe(401);
    // No caller credential: 401 in Keystone's shape.
    const anon = await t.http.get('/v3/auth/tokens').set('X-Subject-Token', caller);
    expect(anon.status).toBe(401);
    expect(anon.body.error.title).toBe('Unauthorized');
  });

  it('hides another user’s token from a non-administrator, shows it to an administrator', async () => {
    const subject = (await issue(otcRequest())).headers['x-subject-token'] as string;
    await t.createUser('userb', { password: 'user-b-password-123' });
    const other = (await issue(otcRequest('userb', 'user-b-password-123'))).headers['x-subject-token'] as string;
    expect(
      (await t.http.get('/v3/auth/tokens').set('X-Auth-Token', other).set('X-Subject-Token', subject)).status,
    ).toBe(404);
    const admin = await t.createToken(await t.signIn());
    expect(
      (await t.http.get('/v3/auth/tokens').set('X-Auth-Token', admin.token).set('X-Subject-Token', subject)).status,
    ).toBe(200);
  });

  it('expires after the TTL and refuses a disabled user’s token', async () => {
    const token = (await issue(otcRequest())).headers['x-subject-token'] as string;
    const realNow = Date.now;
    Date.now = () => realNow() + 3601_000;
    try {
      expect((await t.http.get('/api/whoami').set('X-Auth-Token', token)).status).toBe(401);
    } finally {
      Date.now = realNow;
    }
    const fresh = (await issue(otcRequest())).headers['x-subject-token'] as string;
    const admin = await t.signIn();
    await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ disabled: true });
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', fresh)).status).toBe(401);
  });

  it('is not cookie-authenticated: a signed-in browser gets nothing from POST without credentials in the body', async () => {
    const admin = await t.signIn();
    const res = await admin.post('/v3/auth/tokens').send({ auth: { identity: { methods: ['password'] } } });
    expect(res.status).toBe(400);
  });
});
