import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SCOPES } from '../scopes/vocabulary.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const USER_SCOPES = ['profile:read', 'tokens:read', 'tokens:write', 'activity:read'];
const ALL = SCOPES.map((s) => s.name);

/** Issue 18: auth tokens carry scopes; what a credential mints or widens never goes beyond its own. */
describe.each(backends)('auth token scopes (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let n = 0;
  /** A fresh user signed in, so limits and lists never depend on test order. */
  const freshUser = async (role: 'user' | 'admin' = 'user') => {
    const username = `scoper${n++}`;
    const id = await t.createUser(username, { role });
    return { id, agent: await t.signIn(username, `${username}-password-123`) };
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mint = (token: string, body: object, userId = 'me') =>
    t.http.post(`/api/users/${userId}/auth-tokens`).set(bearer(token)).send(body);

  const BOOTSTRAP = 'bootstrap-token-for-scope-tests-0123456789';
  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP });
    admin = await t.signIn();
  });
  afterAll(async () => t.close());

  it('gives a session-made token without scopes full access: the role’s scopes, flagged', async () => {
    const { agent } = await freshUser();
    const made = await t.createToken(agent, 'me', { description: 'everything' });
    expect(made).toMatchObject({ scopes: USER_SCOPES, fullAccess: true, allowedNetworks: [], suspendedAt: null });
    const own = await t.createToken(admin, 'me', { description: 'admin everything' });
    expect(own).toMatchObject({ scopes: ALL, fullAccess: true });
    // whoami with it says the same.
    const me = await t.http.get('/api/whoami').set(bearer(made.token));
    expect(me.body).toMatchObject({ scopes: USER_SCOPES, fullAccess: true, authenticatedBy: 'auth-token' });
  });

  it('gives a session-made token exactly the scopes asked for, in vocabulary order', async () => {
    const { agent } = await freshUser();
    const made = await t.createToken(agent, 'me', {
      description: 'reader',
      scopes: ['activity:read', 'profile:read'],
    });
    expect(made).toMatchObject({ scopes: ['profile:read', 'activity:read'], fullAccess: false });
    const me = await t.http.get('/api/whoami').set(bearer(made.token));
    expect(me.body).toMatchObject({ scopes: ['profile:read', 'activity:read'], fullAccess: false });
    // The session itself is full access.
    expect((await agent.get('/api/whoami')).body).toMatchObject({ scopes: USER_SCOPES, fullAccess: true });
  });

  it('refuses unknown, duplicate or empty scope lists with 400 and creates nothing', async () => {
    const { id, agent } = await freshUser();
    for (const scopes of [[], ['profile:read', 'profile:read'], ['repo'], 'profile:read', [42]]) {
      const res = await agent.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x', scopes });
      expect(res.status, JSON.stringify(scopes)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors[0].path).toMatch(/^scopes/);
    }
    expect(await t.store.authTokens.count(id)).toBe(0);
  });

  it('refuses an administrator scope for a non-administrator with 403 scope_not_allowed', async () => {
    const { id, agent } = await freshUser();
    const res = await agent
      .post('/api/users/me/auth-tokens')
      .set(SAME_ORIGIN)
      .send({ description: 'x', scopes: ['admin:read'] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('scope_not_allowed');
    // Nor may an administrator give one to a user's token.
    const forUser = await admin
      .post(`/api/users/${id}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: 'x', scopes: ['profile:read', 'admin:write'] });
    expect(forUser.status).toBe(403);
    expect(forUser.body.code).toBe('scope_not_allowed');
    expect(await t.store.authTokens.count(id)).toBe(0);
  });

  it('gives a token-made token without scopes exactly its creator’s', async () => {
    const { agent } = await freshUser();
    const parent = await t.createToken(agent, 'me', {
      description: 'parent',
      scopes: ['profile:read', 'tokens:write'],
    });
    const child = await mint(parent.token, { description: 'child' });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ scopes: ['profile:read', 'tokens:write'], fullAccess: false });
    // A full-access token hands on full access.
    const full = await t.createToken(agent, 'me', { description: 'full' });
    const fullChild = await mint(full.token, { description: 'full child' });
    expect(fullChild.body).toMatchObject({ scopes: USER_SCOPES, fullAccess: true });
  });

  it('refuses a token minting a broader one: 403 insufficient_scope naming what it lacks', async () => {
    const { id, agent } = await freshUser();
    const parent = await t.createToken(agent, 'me', {
      description: 'parent',
      scopes: ['profile:read', 'tokens:write'],
    });
    const res = await mint(parent.token, { description: 'broader', scopes: ['tokens:write', 'activity:read'] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('insufficient_scope');
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="tessera", error="insufficient_scope", scope="activity:read"',
    );
    // A subset is fine.
    const narrower = await mint(parent.token, { description: 'narrower', scopes: ['profile:read'] });
    expect(narrower.status).toBe(201);
    expect(narrower.body.scopes).toEqual(['profile:read']);
    expect(await t.store.authTokens.count(id)).toBe(2);
    // Without tokens:write a token mints nothing at all (the route's own scope).
    const reader = await mint(narrower.body.token as string, { description: 'nope', scopes: ['profile:read'] });
    expect(reader.status).toBe(403);
    expect(reader.headers['www-authenticate']).toContain('scope="tokens:write"');
  });

  it('narrows by token, refuses widening by token (403), and widens from a session', async () => {
    const { agent } = await freshUser();
    const target = await t.createToken(agent, 'me', {
      description: 'target',
      scopes: ['profile:read', 'tokens:read', 'activity:read'],
    });
    const editor = await t.createToken(agent, 'me', { description: 'editor' });
    const patch = (token: string, body: object) =>
      t.http.patch(`/api/users/me/auth-tokens/${target.id}`).set(bearer(token)).send(body);

    const narrowed = await patch(editor.token, { scopes: ['profile:read', 'tokens:read'] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ scopes: ['profile:read', 'tokens:read'], fullAccess: false });

    const widened = await patch(editor.token, { scopes: ['profile:read', 'tokens:read', 'tokens:write'] });
    expect(widened.status).toBe(403);
    expect(widened.body.code).toBe('scope_widening_needs_session');
    const backToFull = await patch(editor.token, { scopes: null });
    expect(backToFull.status).toBe(403);
    // Nothing changed.
    expect((await agent.get(`/api/users/me/auth-tokens/${target.id}`)).body.scopes).toEqual([
      'profile:read',
      'tokens:read',
    ]);

    const bySession = await agent
      .patch(`/api/users/me/auth-tokens/${target.id}`)
      .set(SAME_ORIGIN)
      .send({ scopes: ['profile:read', 'tokens:write'] });
    expect(bySession.status).toBe(200);
    expect(bySession.body.scopes).toEqual(['profile:read', 'tokens:write']);
    const full = await agent.patch(`/api/users/me/auth-tokens/${target.id}`).set(SAME_ORIGIN).send({ scopes: null });
    expect(full.body).toMatchObject({ scopes: USER_SCOPES, fullAccess: true });

    // The edits are audited with the scope names, never a secret.
    const events = await agent.get('/api/users/me/activity?action=auth_token.update');
    const details = (events.body.items as { details: Record<string, unknown> }[]).map((e) => e.details);
    expect(details).toContainEqual(
      expect.objectContaining({
        via: 'auth-token',
        scopes: ['profile:read', 'tokens:read'],
        previously: { scopes: ['profile:read', 'tokens:read', 'activity:read'] },
      }),
    );
    expect(details).toContainEqual(
      expect.objectContaining({ fullAccess: true, previously: { scopes: ['profile:read', 'tokens:write'] } }),
    );
    expect(JSON.stringify(events.body)).not.toContain(editor.token);
  });

  it('holds a narrowed token to its new scopes from the very next request', async () => {
    const { agent } = await freshUser();
    const tok = await t.createToken(agent, 'me', { description: 'shrinking' });
    const list = () => t.http.get('/api/users/me/auth-tokens').set(bearer(tok.token));
    expect((await list()).status).toBe(200);
    await agent
      .patch(`/api/users/me/auth-tokens/${tok.id}`)
      .set(SAME_ORIGIN)
      .send({ scopes: ['profile:read'] });
    const refused = await list();
    expect(refused.status).toBe(403);
    expect(refused.headers['www-authenticate']).toContain('scope="tokens:read"');
    expect((await t.http.get('/api/whoami').set(bearer(tok.token))).body).toMatchObject({
      scopes: ['profile:read'],
      fullAccess: false,
    });
  });

  it('refuses an empty PATCH and an unknown scope with 400', async () => {
    const { agent } = await freshUser();
    const tok = await t.createToken(agent, 'me', { description: 'x' });
    for (const body of [{}, { scopes: ['nope'] }, { scopes: [] }]) {
      const res = await agent.patch(`/api/users/me/auth-tokens/${tok.id}`).set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('audits a create with its scopes and networks', async () => {
    const { agent } = await freshUser();
    const tok = await t.createToken(agent, 'me', {
      description: 'audited',
      scopes: ['profile:read'],
      allowedNetworks: ['203.0.113.9/24'],
    });
    const events = await agent.get('/api/users/me/activity?action=auth_token.create');
    expect(events.body.items[0].details).toMatchObject({
      scopes: ['profile:read'],
      allowedNetworks: ['203.0.113.0/24'],
    });
    expect(JSON.stringify(events.body)).not.toContain(tok.token);
  });

  it('suspends and resumes: refused on the very next request, works again after, both audited', async () => {
    const { id, agent } = await freshUser();
    const tok = await t.createToken(agent, 'me', { description: 'pausable', scopes: ['profile:read'] });
    const whoami = () => t.http.get('/api/whoami').set(bearer(tok.token));
    expect((await whoami()).status).toBe(200);

    const suspended = await agent.post(`/api/users/me/auth-tokens/${tok.id}/suspend`).set(SAME_ORIGIN);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ id: tok.id, status: 'suspended', scopes: ['profile:read'] });
    expect(Date.parse(suspended.body.suspendedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    const refused = await whoami();
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toMatch(/suspend/i);

    // Idempotent: the same answer, the first suspension time kept, no second audit row.
    const again = await agent.post(`/api/users/me/auth-tokens/${tok.id}/suspend`).set(SAME_ORIGIN);
    expect(again.status).toBe(200);
    expect(again.body.suspendedAt).toBe(suspended.body.suspendedAt);
    // It keeps its settings and still counts toward the limit.
    const list = await agent.get('/api/users/me/auth-tokens');
    expect(list.body.policy.used).toBe(1);
    expect(list.body.items[0]).toMatchObject({ status: 'suspended', hint: tok.hint, description: 'pausable' });

    const resumed = await agent.post(`/api/users/me/auth-tokens/${tok.id}/resume`).set(SAME_ORIGIN);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'active', suspendedAt: null });
    expect((await whoami()).status).toBe(200);
    expect((await agent.post(`/api/users/me/auth-tokens/${tok.id}/resume`).set(SAME_ORIGIN)).status).toBe(200);

    const activity = await admin.get(`/api/users/${id}/activity`);
    const actions = (activity.body.items as { action: string; outcome: string; details: Record<string, unknown> }[])
      .map((e) => `${e.action}:${e.outcome}${e.details?.reason ? `:${String(e.details.reason)}` : ''}`)
      .filter((a) => a.startsWith('auth_token.'));
    expect(actions.filter((a) => a === 'auth_token.suspend:success')).toHaveLength(1);
    expect(actions.filter((a) => a === 'auth_token.resume:success')).toHaveLength(1);
    expect(actions).toContain('auth_token.use:failure:suspended');
  });

  it('regenerates a suspended token: a new secret, still suspended', async () => {
    const { agent } = await freshUser();
    const tok = await t.createToken(agent, 'me', { description: 'paused' });
    await agent.post(`/api/users/me/auth-tokens/${tok.id}/suspend`).set(SAME_ORIGIN);
    const regen = await agent.post(`/api/users/me/auth-tokens/${tok.id}/regenerate`).set(SAME_ORIGIN);
    expect(regen.status).toBe(200);
    expect(regen.body.status).toBe('suspended');
    expect((await t.http.get('/api/whoami').set(bearer(regen.body.token as string))).status).toBe(401);
    await agent.post(`/api/users/me/auth-tokens/${tok.id}/resume`).set(SAME_ORIGIN);
    expect((await t.http.get('/api/whoami').set(bearer(regen.body.token as string))).status).toBe(200);
  });

  it('lets a token suspend itself and others, but neither regenerate nor resume a broader one', async () => {
    const { agent } = await freshUser();
    const broad = await t.createToken(agent, 'me', { description: 'broad' });
    const narrow = await t.createToken(agent, 'me', { description: 'narrow', scopes: ['tokens:write'] });
    const as = (path: string) => t.http.post(`/api/users/me/auth-tokens/${broad.id}/${path}`).set(bearer(narrow.token));
    expect((await as('suspend')).status).toBe(200);
    const resume = await as('resume');
    expect(resume.status).toBe(403);
    expect(resume.body.code).toBe('insufficient_scope');
    const regen = await as('regenerate');
    expect(regen.status).toBe(403);
    expect(regen.body.code).toBe('insufficient_scope');
    // A token no broader than the requester: fine.
    const sibling = await mint(narrow.token, { description: 'sibling' });
    const ok = await t.http
      .post(`/api/users/me/auth-tokens/${sibling.body.id as string}/regenerate`)
      .set(bearer(narrow.token));
    expect(ok.status).toBe(200);
  });

  it('needs tokens:write for its own tokens and admin:write for anyone else’s to suspend', async () => {
    const { id, agent } = await freshUser();
    const tok = await t.createToken(agent, 'me', { description: 'x' });
    const reader = await t.createToken(agent, 'me', { description: 'reader', scopes: ['tokens:read'] });
    const res = await t.http.post(`/api/users/me/auth-tokens/${tok.id}/suspend`).set(bearer(reader.token));
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toContain('scope="tokens:write"');
    // An administrator's token with tokens:write but not admin:write can't act on another user's token.
    const adminTok = await t.createToken(admin, 'me', { description: 'admin own', scopes: ['tokens:write'] });
    const other = await t.http.post(`/api/users/${id}/auth-tokens/${tok.id}/suspend`).set(bearer(adminTok.token));
    expect(other.status).toBe(403);
    expect(other.headers['www-authenticate']).toContain('scope="admin:write"');
    // The administrator's session can.
    const bySession = await admin.post(`/api/users/${id}/auth-tokens/${tok.id}/suspend`).set(SAME_ORIGIN);
    expect(bySession.status).toBe(200);
    expect((await admin.post(`/api/users/${id}/auth-tokens/no-such/suspend`).set(SAME_ORIGIN)).status).toBe(404);
  });

  it('filters the list by scope and status, and refuses unknown values with 400', async () => {
    const { agent } = await freshUser();
    const full = await t.createToken(agent, 'me', { description: 'full' });
    const reader = await t.createToken(agent, 'me', { description: 'reader', scopes: ['profile:read'] });
    const writer = await t.createToken(agent, 'me', { description: 'writer', scopes: ['tokens:write'] });
    await agent.post(`/api/users/me/auth-tokens/${writer.id}/suspend`).set(SAME_ORIGIN);
    const ids = async (query: string) => {
      const res = await agent.get(`/api/users/me/auth-tokens?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body.policy.used).toBe(3);
      return (res.body.items as { id: string }[]).map((i) => i.id).sort();
    };
    expect(await ids('scope=profile:read')).toEqual([full.id, reader.id].sort());
    expect(await ids('scope=tokens:write')).toEqual([full.id, writer.id].sort());
    expect(await ids('scope=admin:read')).toEqual([]);
    expect(await ids('status=suspended')).toEqual([writer.id]);
    expect(await ids('status=active')).toEqual([full.id, reader.id].sort());
    expect(await ids('status=expired')).toEqual([]);
    expect(await ids('status=active&scope=tokens:write')).toEqual([full.id]);
    for (const query of ['scope=repo', 'status=paused']) {
      const res = await agent.get(`/api/users/me/auth-tokens?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0].path).toBe(query.split('=')[0]);
    }
  });

  it('gives GoodData-made tokens the same rule: full access from bootstrap or session, a token’s own otherwise', async () => {
    const { id, agent } = await freshUser();
    const username = (await agent.get('/api/whoami')).body.username as string;
    const gd = (auth: Record<string, string>, gdId: string) =>
      t.http
        .post(`/api/v1/entities/users/${username}/apiTokens`)
        .set({ ...auth, 'Content-Type': 'application/vnd.gooddata.api+json' })
        .send(JSON.stringify({ data: { id: gdId, type: 'apiToken' } }));
    const byBootstrap = await gd({ Authorization: `Bearer ${BOOTSTRAP}` }, 'from-bootstrap');
    expect(byBootstrap.status).toBe(201);
    const narrow = await t.createToken(agent, 'me', {
      description: 'narrow',
      scopes: ['tokens:write'],
      allowedNetworks: ['127.0.0.0/8', '::1/128'],
    });
    const byToken = await gd({ Authorization: `Bearer ${narrow.token}` }, 'from-token');
    expect(byToken.status).toBe(201);
    const list = (await admin.get(`/api/users/${id}/auth-tokens`)).body.items as Record<string, unknown>[];
    expect(list.find((i) => i.name === 'from-bootstrap')).toMatchObject({ fullAccess: true, allowedNetworks: [] });
    expect(list.find((i) => i.name === 'from-token')).toMatchObject({
      fullAccess: false,
      scopes: ['tokens:write'],
      allowedNetworks: ['127.0.0.0/8', '::1/128'],
    });
  });

  it('serves the scope vocabulary to anyone at GET /api/scopes', async () => {
    const res = await t.http.get('/api/scopes');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.items).toHaveLength(6);
    expect(res.body.items.map((s: { name: string }) => s.name)).toEqual(ALL);
    for (const item of res.body.items as Record<string, unknown>[]) {
      expect(Object.keys(item).sort()).toEqual(['adminOnly', 'description', 'name']);
      expect(typeof item.description).toBe('string');
    }
    expect(
      res.body.items.filter((s: { adminOnly: boolean }) => s.adminOnly).map((s: { name: string }) => s.name),
    ).toEqual(['admin:read', 'admin:write']);
  });
});
