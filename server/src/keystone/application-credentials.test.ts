import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../store/schema.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

type Agent = Awaited<ReturnType<TestApp['signIn']>>;
type Credential = { id: string; secret: string; expiresAt: string | null };
const SYSTEM = { actor: null, ip: null, userAgent: null, credential: null };

// Issue 21, point 3: Keystone's application credentials on both databases — made in the console or with a project-
// scoped token, turned into project-scoped tokens by the application_credential method. One app per backend; each
// test makes its own credentials under names of its own.
describe.each(backends)('application credentials (%s)', (kind) => {
  let t: TestApp;
  let alice: Agent;
  let aliceId: string;
  let bobId: string;
  let p1: { id: string; name: string };
  let p2: { id: string; name: string };
  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_DOMAIN_NAME: 'Default', TESSERA_KEYSTONE_TOKEN_TTL: '3600' });
    aliceId = await t.createUser('alice', { password: 'alice-password-123' });
    bobId = await t.createUser('bob', { password: 'bob-password-123' });
    alice = await t.signIn('alice', 'alice-password-123');
    const projects = t.tessera.services.projects;
    p1 = await projects.create(SYSTEM, { name: 'Payments' });
    p2 = await projects.create(SYSTEM, { name: 'Search' });
    await projects.assign(SYSTEM, p1.id, aliceId, 'member');
    await projects.assign(SYSTEM, p1.id, aliceId, 'admin');
    await projects.assign(SYSTEM, p2.id, bobId, 'member');
  });
  afterAll(() => t.close());

  const base = (userId = 'me') => `/api/users/${userId}/application-credentials`;
  const create = async (body: Record<string, unknown>, agent = alice, userId = 'me') => {
    const res = await agent
      .post(base(userId))
      .set(SAME_ORIGIN)
      .send({ projectId: p1.id, ...body });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Credential & Record<string, unknown>;
  };
  const issue = (application_credential: Record<string, unknown>, scope?: unknown) =>
    t.http.post('/v3/auth/tokens').send({
      auth: { identity: { methods: ['application_credential'], application_credential }, ...(scope ? { scope } : {}) },
    });
  const tokenOf = async (c: Credential) => {
    const res = await issue({ id: c.id, secret: c.secret });
    expect(res.status).toBe(201);
    return res.headers['x-subject-token'] as string;
  };
  const whoami = (token: string) => t.http.get('/api/whoami').set('X-Auth-Token', token);
  const db = () => (t.store as unknown as { db: Kysely<Database> }).db;

  it('shows the secret once; lists, logs and the database never hold it', async () => {
    const c = await create({ name: 'ci', description: 'the pipeline', roles: ['member'] });
    expect(c.secret).toMatch(/^tsa_[0-9A-Za-z]{36}$/);
    expect(c).toMatchObject({ name: 'ci', project: { id: p1.id, name: 'Payments' }, roles: ['member'] });
    expect(c.hint).toBe(`tsa_…${c.secret.slice(-4)}`);
    const list = await alice.get(base());
    const one = await alice.get(`${base()}/${c.id}`);
    const token = await tokenOf(c);
    const ks = await t.http.get(`/v3/users/${aliceId}/application_credentials`).set('X-Auth-Token', token);
    for (const res of [list, one, ks]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(c.secret);
      expect(res.text).not.toContain('digest');
    }
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(JSON.stringify(await db().selectFrom('application_credentials').selectAll().execute())).not.toContain(
      c.secret,
    );
    expect(t.logs.text).not.toContain(c.secret);
  });

  it('gives a token scoped to its project with its roles, by id or by name and user, never outliving it', async () => {
    const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const c = await create({ name: 'deploy', roles: ['member'], expiresAt });
    const byId = await issue({ id: c.id, secret: c.secret });
    expect(byId.status).toBe(201);
    expect(byId.body.token).toMatchObject({
      methods: ['application_credential'],
      user: { id: aliceId, name: 'alice' },
      project: { id: p1.id, name: 'Payments' },
      roles: [{ id: 'member', name: 'member' }],
      application_credential: { id: c.id, name: 'deploy', restricted: true },
    });
    // The credential ends in 30 minutes: so does the token, though the TTL is an hour.
    expect(Date.parse(byId.body.token.expires_at)).toBe(Date.parse(expiresAt));
    const token = byId.headers['x-subject-token'] as string;
    expect((await whoami(token)).status).toBe(200);

    const byUserId = await issue({ name: 'deploy', user: { id: aliceId }, secret: c.secret });
    expect(byUserId.status).toBe(201);
    const byUserName = await issue(
      { name: 'deploy', user: { name: 'alice', domain: { name: 'Default' } }, secret: c.secret },
      { project: { id: p1.id } },
    );
    expect(byUserName.status).toBe(201);
    expect((await issue({ name: 'deploy', user: { id: bobId }, secret: c.secret })).status).toBe(401);
    const used = await alice.get(`${base()}/${c.id}`);
    expect(used.body.lastUsedAt).not.toBeNull();
  });

  it('works for its project and not others; refuses a wrong secret, an unknown id and an expired credential', async () => {
    const c = await create({ name: 'scoped' });
    expect((await issue({ id: c.id, secret: c.secret }, { project: { name: 'payments' } })).status).toBe(201);
    expect((await issue({ id: c.id, secret: c.secret }, { project: { id: p2.id } })).status).toBe(401);
    expect((await issue({ id: c.id, secret: c.secret }, { domain: { id: 'default' } })).status).toBe(401);
    // Alice holds no role in Search: nothing is bound to it.
    expect((await alice.post(base()).set(SAME_ORIGIN).send({ name: 'x', projectId: p2.id })).status).toBe(404);
    const wrong = await issue({ id: c.id, secret: `${c.secret.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    expect((await issue({ id: '0'.repeat(32), secret: c.secret })).status).toBe(401);
    await db()
      .updateTable('application_credentials')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', c.id)
      .execute();
    expect((await issue({ id: c.id, secret: c.secret })).status).toBe(401);
    const audit = await t.store.audit.list({ action: 'application_credential.use', limit: 100 });
    const reasons = audit.events.filter((e) => e.tokenId === c.id && e.outcome === 'failure').map((e) => e.details);
    expect(reasons.map((d) => d?.reason).sort()).toEqual(['expired', 'wrong_secret']);
  });

  it('carries only the roles the user still holds, and none left is no token', async () => {
    const projects = t.tessera.services.projects;
    const p = await projects.create(SYSTEM, { name: 'Ledger' });
    await projects.assign(SYSTEM, p.id, aliceId, 'member');
    await projects.assign(SYSTEM, p.id, aliceId, 'admin');
    const c = await create({ name: 'both', projectId: p.id });
    expect(c.roles).toEqual(['member', 'admin']);
    await projects.unassign(SYSTEM, p.id, aliceId, 'admin');
    expect((await issue({ id: c.id, secret: c.secret })).body.token.roles).toEqual([{ id: 'member', name: 'member' }]);
    await projects.unassign(SYSTEM, p.id, aliceId, 'member');
    expect((await issue({ id: c.id, secret: c.secret })).status).toBe(401);
  });

  it('creates from Keystone with a project-scoped token, within its roles; a restricted one creates and deletes none', async () => {
    const ks = `/v3/users/${aliceId}/application_credentials`;
    const open = await create({ name: 'parent', roles: ['member'], unrestricted: true });
    const token = await tokenOf(open);
    const made = await t.http
      .post(ks)
      .set('X-Auth-Token', token)
      .send({ application_credential: { name: 'child', description: 'from keystone', roles: [{ name: 'member' }] } });
    expect(made.status).toBe(201);
    const child = made.body.application_credential;
    expect(child).toMatchObject({
      name: 'child',
      description: 'from keystone',
      project_id: p1.id,
      roles: [{ id: 'member', name: 'member', domain_id: null }],
      unrestricted: false,
      access_rules: [],
    });
    expect(child.secret).toMatch(/^tsa_/);
    expect(child.links.self).toMatch(new RegExp(`/v3/users/${aliceId}/application_credentials/${child.id}$`));
    // The token carries member only: admin is not its to delegate.
    const beyond = await t.http
      .post(ks)
      .set('X-Auth-Token', token)
      .send({ application_credential: { name: 'admin-child', roles: [{ id: 'admin' }] } });
    expect(beyond.status).toBe(403);
    expect(beyond.body.error.code).toBe(403);
    const dup = await t.http
      .post(ks)
      .set('X-Auth-Token', token)
      .send({ application_credential: { name: 'child' } });
    expect(dup.status).toBe(409);
    expect((await t.http.get(`${ks}?name=child`).set('X-Auth-Token', token)).body.application_credentials).toHaveLength(
      1,
    );

    const restricted = await tokenOf({ ...child, secret: child.secret });
    const refused = await t.http
      .post(ks)
      .set('X-Auth-Token', restricted)
      .send({ application_credential: { name: 'grandchild' } });
    expect(refused.status).toBe(403);
    expect((await t.http.delete(`${ks}/${open.id}`).set('X-Auth-Token', restricted)).status).toBe(403);
    expect(
      (await t.http.post(base()).set('X-Auth-Token', restricted).send({ name: 'native', projectId: p1.id })).status,
    ).toBe(403);
    // Nor does any token from a credential turn into another token.
    const rescope = await t.http
      .post('/v3/auth/tokens')
      .send({ auth: { identity: { methods: ['token'], token: { id: restricted } } } });
    expect(rescope.status).toBe(403);
    expect((await t.http.delete(`${ks}/${child.id}`).set('X-Auth-Token', token)).status).toBe(204);
  });

  it('reads Keystone’s dates and access rules, and refuses bad input in Keystone’s error shape, creating nothing', async () => {
    const ks = `/v3/users/${aliceId}/application_credentials`;
    const token = await tokenOf(await create({ name: 'dates-parent', unrestricted: true }));
    const year = new Date().getUTCFullYear() + 1;
    const rules = [{ service: 'identity', method: 'GET', path: '/v3/**' }];
    const dated = await t.http
      .post(ks)
      .set('X-Auth-Token', token)
      .send({ application_credential: { name: 'dated', expires_at: `${year}-01-01T00:00:00`, access_rules: rules } });
    expect(dated.status).toBe(201);
    expect(dated.body.application_credential.expires_at).toBe(`${year}-01-01T00:00:00.000000Z`);
    expect(dated.body.application_credential.access_rules).toMatchObject(rules);
    expect(dated.body.application_credential.access_rules[0].id).toMatch(/^[0-9a-f]{32}$/);
    const chosen = await t.http
      .post(ks)
      .set('X-Auth-Token', token)
      .send({ application_credential: { name: 'chosen', secret: 'too-short' } });
    expect(chosen.status).toBe(400);
    for (const body of [
      { application_credential: { name: 'bad-date', expires_at: 'soon' } },
      { application_credential: { name: '' } },
      {
        application_credential: { name: 'bad-rule', access_rules: [{ service: 'identity', method: 'GET', path: 'x' }] },
      },
    ]) {
      const res = await t.http.post(ks).set('X-Auth-Token', token).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, title: 'Bad Request' });
    }
    const names = (await alice.get(base())).body.items.map((c: { name: string }) => c.name);
    expect(names).not.toContain('bad-date');
    expect(names).not.toContain('chosen');
    // A chosen secret long enough works like a generated one, and is not shown back as a hint.
    const secret = 'a chosen secret that is long enough, 40+';
    const ok = await t.http
      .post(ks)
      .set('X-Auth-Token', token)
      .send({ application_credential: { name: 'chosen-ok', secret } });
    expect(ok.status).toBe(201);
    expect(ok.body.application_credential.secret).toBe(secret);
    expect((await issue({ name: 'chosen-ok', user: { id: aliceId }, secret })).status).toBe(201);
  });

  it('ends its tokens when deleted, and its secret opens nothing after', async () => {
    const c = await create({ name: 'short-lived' });
    const token = await tokenOf(c);
    expect((await whoami(token)).status).toBe(200);
    expect((await alice.delete(`${base()}/${c.id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await whoami(token)).status).toBe(401);
    expect((await issue({ id: c.id, secret: c.secret })).status).toBe(401);
    expect((await alice.get(`${base()}/${c.id}`)).status).toBe(404);
  });

  it('is deleted with its tokens when its secret is reported as leaked, and its owner is told', async () => {
    const c = await create({ name: 'leaked' });
    const token = await tokenOf(c);
    const res = await t.http.post('/api/credentials/revoke').send({ tokens: [c.secret], source: 'a paste site' });
    expect(res.status).toBe(202);
    expect((await issue({ id: c.id, secret: c.secret })).status).toBe(401);
    expect((await whoami(token)).status).toBe(401);
    const notes = (await alice.get('/api/users/me/notifications')).body.items as { message: string }[];
    expect(notes.map((n) => n.message)).toContainEqual(expect.stringContaining('“leaked” was reported as leaked'));
    const audit = await t.store.audit.list({ action: 'application_credential.delete', limit: 100 });
    expect(audit.events.find((e) => e.tokenId === c.id)?.details).toMatchObject({ leakReport: true });
  });

  it('is the owner’s and administrators’ only; another user learns nothing', async () => {
    const c = await create({ name: 'private' });
    const bob = await t.signIn('bob', 'bob-password-123');
    expect((await bob.get(base(aliceId))).status).toBe(404);
    expect((await bob.get(`${base(aliceId)}/${c.id}`)).status).toBe(404);
    expect((await bob.delete(`${base(aliceId)}/${c.id}`).set(SAME_ORIGIN)).status).toBe(404);
    const admin = await t.signIn();
    const listed = await admin.get(base(aliceId));
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    // The Create dialog's choices: the projects' route, the owner's for an administrator, one's own for bob.
    const choices = (body: { items: { id: string; name: string; roles: string[] }[] }) =>
      body.items.map(({ id, name, roles }) => ({ id, name, roles }));
    expect(choices((await admin.get(`/api/users/${aliceId}/projects`)).body)).toEqual(
      expect.arrayContaining([{ id: p1.id, name: 'Payments', roles: ['member', 'admin'] }]),
    );
    expect(choices((await bob.get('/api/users/me/projects')).body)).toEqual([
      { id: p2.id, name: 'Search', roles: ['member'] },
    ]);
    // Keystone's side answers alike to bob's own (password) token.
    const password = { user: { name: 'bob', password: 'bob-password-123', domain: { name: 'Default' } } };
    const bobsToken = (
      await t.http.post('/v3/auth/tokens').send({ auth: { identity: { methods: ['password'], password } } })
    ).headers['x-subject-token'] as string;
    const ks = `/v3/users/${aliceId}/application_credentials`;
    expect((await t.http.get(ks).set('X-Auth-Token', bobsToken)).status).toBe(404);
    expect((await t.http.get(`${ks}/${c.id}`).set('X-Auth-Token', bobsToken)).status).toBe(404);
    expect((await t.http.delete(`${ks}/${c.id}`).set('X-Auth-Token', bobsToken)).status).toBe(404);
  });

  it('holds its token to its access rules, and to no administrator scope', async () => {
    const c = await create({
      name: 'ruled',
      accessRules: [{ service: 'identity', method: 'GET', path: '/api/whoami' }],
    });
    expect(c.accessRules).toMatchObject([{ service: 'identity', method: 'GET', path: '/api/whoami' }]);
    const token = await tokenOf(c);
    expect((await whoami(token)).status).toBe(200);
    const other = await t.http.get('/api/users/me/auth-tokens').set('X-Auth-Token', token);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('access_rule');

    const adminAgent = await t.signIn();
    const adminId = (await adminAgent.get('/api/whoami')).body.id as string;
    await t.tessera.services.projects.assign(SYSTEM, p1.id, adminId, 'admin');
    const adminCredential = await create({ name: 'admin-ac', projectId: p1.id }, adminAgent);
    const adminToken = await tokenOf(adminCredential);
    expect((await t.http.get('/api/users').set('X-Auth-Token', adminToken)).status).toBe(403);
  });

  it('answers wrong secrets 429 past the address’s budget, and still turns the right one into a token', async () => {
    const c = await create({ name: 'budget' });
    const wrong = `tsa_${'x'.repeat(36)}`;
    // Every request of this app comes from one address, and earlier tests spent some of its budget.
    const clear = async () => {
      for (const ip of ['127.0.0.1', '::ffff:127.0.0.1', '::1']) await t.tessera.tokenFailures.reset(ip);
    };
    await clear();
    try {
      for (let i = 0; i < 50; i++) expect((await issue({ id: c.id, secret: wrong })).status).toBe(401);
      const refused = await issue({ id: c.id, secret: wrong });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Only failures are refused (issue 22): the right secret from the same address gets its token.
      await tokenOf(c);
    } finally {
      await clear();
    }
  });
});
