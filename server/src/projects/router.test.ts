import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 21, point 1: the console's projects API — validation, unique names, pages, roles, one's own projects (also
// the Create application credential dialog's choices) and what a narrower credential sees. Who may call what is
// authorization.test.ts's matrix.
describe.each(backends)('projects API on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: TestAgent;
  let aliceId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    aliceId = await t.createUser('alice');
    alice = await t.signIn('alice', 'alice-password-123');
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => admin.post('/api/projects').set(SAME_ORIGIN).send(body);
  const count = async () => (await t.store.projects.list({ limit: 1000 })).items.length;
  const grant = (projectId: string, userId: string, role: string) =>
    admin.put(`/api/projects/${projectId}/members/${userId}/roles/${role}`).set(SAME_ORIGIN);

  it('creates a project with its defaults, audits it, and refuses its name again in any case on the name field', async () => {
    const res = await create({ name: '  Payments  ', description: 'The payments team' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.location).toBe(`/api/projects/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Payments',
      description: 'The payments team',
      enabled: true,
      memberCount: 0,
      createdBy: { username: 'admin' },
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    const before = await count();
    const again = await create({ name: 'PAYMENTS' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({
      code: 'project_name_taken',
      errors: [{ path: 'name', message: 'is already used by another project' }],
    });
    expect(await count()).toBe(before);
    const audit = await admin.get('/api/activity?action=project.create');
    expect(JSON.stringify(audit.body)).toContain(res.body.id);
  });

  it('refuses bad input with a problem+json 400 naming the field, and changes nothing', async () => {
    const before = await count();
    const bad: Record<string, unknown>[] = [
      {},
      { name: '   ' },
      { name: 'x'.repeat(65) },
      { name: 'tab\there' },
      { name: 'ok-name', description: 'd'.repeat(256) },
      { name: 'ok-name', enabled: 'yes' },
      { name: 'ok-name', extra: 1 },
    ];
    for (const body of bad) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect(await count()).toBe(before);

    const p = (await create({ name: 'bad-input-target' })).body as { id: string; updatedAt: string };
    for (const body of [{}, { name: '' }, { enabled: 1 }]) {
      const res = await admin.patch(`/api/projects/${p.id}`).set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await grant(p.id, aliceId, 'owner')).status).toBe(400);
    expect((await admin.get('/api/projects?limit=0')).status).toBe(400);
    expect((await admin.get('/api/projects/not%20an%20id')).status).toBe(400);
    expect(await t.store.projects.get(p.id)).toMatchObject({ name: 'bad-input-target', updatedAt: p.updatedAt });
    expect(await t.store.projects.assignments({ projectId: p.id })).toEqual([]);
  });

  it('renames, disables and enables; a rename onto another project’s name is a 409 that changes nothing', async () => {
    const p = (await create({ name: 'rename-me' })).body as { id: string };
    await create({ name: 'taken-name' });
    const res = await admin.patch(`/api/projects/${p.id}`).set(SAME_ORIGIN).send({ name: 'renamed', enabled: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'renamed', enabled: false });
    const clash = await admin.patch(`/api/projects/${p.id}`).set(SAME_ORIGIN).send({ name: 'Taken-Name' });
    expect(clash.status).toBe(409);
    expect(clash.body.errors).toEqual([{ path: 'name', message: 'is already used by another project' }]);
    expect(await t.store.projects.get(p.id)).toMatchObject({ name: 'renamed', enabled: false });
    expect((await admin.patch(`/api/projects/${p.id}`).set(SAME_ORIGIN).send({ enabled: true })).body.enabled).toBe(
      true,
    );
  });

  it('grants a role once (201, then 200), counts members once, and takes a role away once (204, then 404)', async () => {
    const p = (await create({ name: 'roles-project' })).body as { id: string };
    expect((await grant(p.id, aliceId, 'member')).status).toBe(201);
    const again = await grant(p.id, aliceId, 'member');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ projectId: p.id, userId: aliceId, role: 'member' });
    expect((await grant(p.id, aliceId, 'admin')).status).toBe(201);
    expect((await grant(p.id, '0'.repeat(32), 'member')).status).toBe(404);

    const members = await admin.get(`/api/projects/${p.id}/members`);
    expect(members.body).toEqual({
      items: [
        {
          user: { id: aliceId, username: 'alice', displayName: 'alice' },
          roles: ['member', 'admin'],
          since: expect.any(String),
        },
      ],
    });
    expect((await admin.get(`/api/projects/${p.id}`)).body.memberCount).toBe(1);
    const mine = await alice.get('/api/users/me/projects');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: p.id, name: 'roles-project', roles: ['member', 'admin'] }),
    ]);
    expect((await admin.get(`/api/users/${aliceId}/projects`)).body).toEqual(mine.body);
    expect((await admin.get(`/api/users/${'0'.repeat(32)}/projects`)).status).toBe(404);

    const take = () => admin.delete(`/api/projects/${p.id}/members/${aliceId}/roles/admin`).set(SAME_ORIGIN);
    expect((await take()).status).toBe(204);
    const notHeld = await take();
    expect(notHeld.status).toBe(404);
    expect(notHeld.body.detail).toBe('alice does not hold the role "admin" in roles-project.');
    expect((await alice.get('/api/users/me/projects')).body.items[0].roles).toEqual(['member']);
    const audit = JSON.stringify((await admin.get('/api/activity?action=project.unassign_role')).body);
    expect(audit).toContain('roles-project');
  });

  it('searches and pages the list in name order', async () => {
    for (const name of ['zeta-page-3', 'zeta-page-1', 'zeta-page-2']) await create({ name });
    await create({ name: 'other', description: 'Zeta-Page team' });
    const first = await admin.get('/api/projects?search=ZETA-PAGE&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual(['other', 'zeta-page-1']);
    const next = await admin.get(`/api/projects?search=zeta-page&limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((p: { name: string }) => p.name)).toEqual(['zeta-page-2', 'zeta-page-3']);
    expect(next.body.nextCursor).toBeNull();
  });

  it('gives an administrator’s profile:read token the view of a user, and refuses it changes with insufficient_scope', async () => {
    const own = (await create({ name: 'admins-own' })).body as { id: string };
    const adminId = (await admin.get('/api/whoami')).body.id as string;
    await grant(own.id, adminId, 'member');
    const other = (await create({ name: 'not-admins' })).body as { id: string };
    const { token } = await t.createToken(admin, 'me', { description: 'read only', scopes: ['profile:read'] });
    const as = (req: ReturnType<typeof t.http.get>) => req.set('Authorization', `Bearer ${token}`);
    const listed = (await as(t.http.get('/api/projects?limit=100'))).body.items.map((p: { id: string }) => p.id);
    expect(listed).toEqual([own.id]);
    expect((await as(t.http.get(`/api/projects/${other.id}`))).status).toBe(404);
    expect((await as(t.http.get(`/api/projects/${own.id}/members`))).status).toBe(200);
    const refused = await as(t.http.post('/api/projects')).send({ name: 'by-read-only' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
    expect(await t.store.projects.getByName('by-read-only')).toBeUndefined();
  });

  it('deletes a project with its roles; it is gone from every list', async () => {
    const p = (await create({ name: 'doomed' })).body as { id: string };
    await grant(p.id, aliceId, 'member');
    expect((await admin.delete(`/api/projects/${p.id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await admin.get(`/api/projects/${p.id}`)).status).toBe(404);
    expect((await admin.delete(`/api/projects/${p.id}`).set(SAME_ORIGIN)).status).toBe(404);
    const mine = (await alice.get('/api/users/me/projects')).body.items.map((x: { id: string }) => x.id);
    expect(mine).not.toContain(p.id);
    expect(await t.store.projects.assignments({ projectId: p.id })).toEqual([]);
  });

  // The Create application credential dialog reads `GET /api/users/{userId}/projects` too: what its own route once
  // applied holds here — a limited credential sees no other project, a disabled one is marked (and nothing is bound
  // to it), and a service account's owner reads its projects.
  let n = 0;
  /** A fresh project, `userId` a member of it. */
  const memberOf = async (userId: string, name: string) => {
    const made = await create({ name: `${name}-${n++}` });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await grant(made.body.id as string, userId, 'member')).status).toBe(201);
    return made.body as { id: string; name: string };
  };
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id);

  it('lists a disabled project as disabled, and binds no application credential to it', async () => {
    const open = await memberOf(aliceId, 'open');
    const closed = await memberOf(aliceId, 'closed');
    await admin.patch(`/api/projects/${closed.id}`).set(SAME_ORIGIN).send({ enabled: false });
    const mine = (await alice.get('/api/users/me/projects')).body.items as { id: string; enabled: boolean }[];
    expect(mine.find((p) => p.id === open.id)?.enabled).toBe(true);
    expect(mine.find((p) => p.id === closed.id)?.enabled).toBe(false);
    const bound = await alice
      .post('/api/users/me/application-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'on-closed', projectId: closed.id });
    expect(bound.status).toBe(403);
    expect(bound.body.code).toBe('project_disabled');
  });

  it('shows a credential limited to projects only those: an auth token’s limit, an application credential’s project', async () => {
    const a = await memberOf(aliceId, 'a');
    const b = await memberOf(aliceId, 'b');
    expect(ids(await alice.get('/api/users/me/projects'))).toEqual(expect.arrayContaining([a.id, b.id]));
    const limited = await t.createToken(alice, 'me', { description: 'a only', projects: [a.id] });
    const asLimited = await t.http.get('/api/users/me/projects').set('Authorization', `Bearer ${limited.token}`);
    expect(ids(asLimited)).toEqual([a.id]);
    // A Keystone token from an application credential bound to b: b alone.
    const ac = await alice
      .post('/api/users/me/application-credentials')
      .set(SAME_ORIGIN)
      .send({ name: `bound-to-b-${n++}`, projectId: b.id });
    expect(ac.status, JSON.stringify(ac.body)).toBe(201);
    const issued = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: ac.body.id, secret: ac.body.secret },
        },
      },
    });
    expect(issued.status).toBe(201);
    const asKeystone = await t.http
      .get('/api/users/me/projects')
      .set('X-Auth-Token', issued.headers['x-subject-token'] as string);
    expect(asKeystone.status).toBe(200);
    expect(ids(asKeystone)).toEqual([b.id]);
  });

  it('lets a service account’s owner read its projects, and nobody else but administrators', async () => {
    const bobName = `bob${n++}`;
    await t.createUser(bobName);
    const account = await admin
      .post('/api/service-accounts')
      .set(SAME_ORIGIN)
      .send({ username: `svc-projects-${n++}`, description: 'an exporter', ownerId: aliceId });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const p = await memberOf(account.body.id as string, 'exports');
    const path = `/api/users/${account.body.id}/projects`;
    expect(ids(await alice.get(path))).toEqual([p.id]);
    expect(ids(await admin.get(path))).toEqual([p.id]);
    const bob = await t.signIn(bobName, `${bobName}-password-123`);
    const refused = await bob.get(path);
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain(p.id);
  });
});
