import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DOMAIN = 'Default';
type Actor = 'anonymous' | 'cookie' | 'user' | 'admin';

describe.each(backends)('Keystone projects, roles and role assignments (%s)', (kind) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let cookie: Awaited<ReturnType<TestApp['signIn']>>;

  const keystoneToken = async (name: string, password: string) => {
    const res = await t.http.post('/v3/auth/tokens').send({
      auth: { identity: { methods: ['password'], password: { user: { name, password, domain: { name: DOMAIN } } } } },
    });
    expect(res.status).toBe(201);
    return res.headers['x-subject-token'] as string;
  };
  type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
  /** A request as an actor: no credential, the console's cookie (not read on /v3), or a Keystone token. */
  const as = (actor: Actor, method: Method, path: string): Test => {
    if (actor === 'cookie') return cookie[method](path);
    const r = t.http[method](path);
    return actor === 'anonymous' ? r : r.set('X-Auth-Token', tokens[actor]!);
  };
  const admin = (method: Method, path: string) => as('admin', method, path);
  const createProject = async (name: string, description = '') => {
    const res = await admin('post', '/v3/projects').send({ project: { name, description, domain_id: 'default' } });
    expect(res.status).toBe(201);
    return res.body.project.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_DOMAIN_NAME: DOMAIN });
    ids.alice = await t.createUser('alice');
    ids.bob = await t.createUser('bob');
    tokens.admin = await keystoneToken('admin', ADMIN_PASSWORD);
    tokens.user = await keystoneToken('alice', 'alice-password-123');
    cookie = await t.signIn();
    ids.shared = await createProject('shared', 'alice and bob');
    ids.hidden = await createProject('hidden');
    for (const [u, role] of [
      ['alice', 'member'],
      ['alice', 'admin'],
      ['bob', 'member'],
    ])
      expect((await admin('put', `/v3/projects/${ids.shared}/users/${ids[u!]}/roles/${role}`)).status).toBe(204);
  });
  afterAll(async () => t.close());

  it('answers the administrator’s routes by actor: 401 without a token (the cookie too), 403 for a user', async () => {
    const grant = () => `/v3/projects/${ids.hidden}/users/${ids.bob}/roles/admin`;
    const ops: { name: string; send: (a: Actor) => Test; ok: number }[] = [
      { name: 'list roles', send: (a) => as(a, 'get', '/v3/roles'), ok: 200 },
      { name: 'show role', send: (a) => as(a, 'get', '/v3/roles/member'), ok: 200 },
      { name: 'list assignments', send: (a) => as(a, 'get', '/v3/role_assignments'), ok: 200 },
      { name: 'create', send: (a) => as(a, 'post', '/v3/projects').send({ project: { name: `by-${a}` } }), ok: 201 },
      {
        name: 'update',
        send: (a) => as(a, 'patch', `/v3/projects/${ids.hidden}`).send({ project: { description: a } }),
        ok: 200,
      },
      { name: 'grant', send: (a) => as(a, 'put', grant()), ok: 204 },
      { name: 'check another’s grant', send: (a) => as(a, 'head', grant()), ok: 204 },
      {
        name: 'another’s roles',
        send: (a) => as(a, 'get', `/v3/projects/${ids.hidden}/users/${ids.bob}/roles`),
        ok: 200,
      },
      { name: 'another’s projects', send: (a) => as(a, 'get', `/v3/users/${ids.bob}/projects`), ok: 200 },
      { name: 'revoke', send: (a) => as(a, 'delete', grant()), ok: 204 },
      { name: 'delete', send: (a) => as(a, 'delete', `/v3/projects/${ids.hidden}`), ok: 204 },
    ];
    const seen: string[] = [];
    for (const op of ops) {
      for (const actor of ['anonymous', 'cookie', 'user', 'admin'] as const) {
        const res = await op.send(actor);
        seen.push(`${op.name} ${actor} ${res.status}`);
        if (res.status !== 204 && op.name !== 'check another’s grant' && res.status >= 400)
          expect(res.body.error).toMatchObject({ code: res.status, title: expect.any(String) });
      }
    }
    const expected = ops.flatMap((op) => [
      `${op.name} anonymous 401`,
      `${op.name} cookie 401`,
      `${op.name} user 403`,
      `${op.name} admin ${op.ok}`,
    ]);
    expect(seen).toEqual(expected);
    // The user's refusals changed nothing: only the administrator's project exists, and it is gone again.
    const list = await admin('get', '/v3/projects');
    expect(list.body.projects.map((p: { name: string }) => p.name)).toEqual(['by-admin', 'shared']);
  });

  it('lets a user read their own projects and roles, and no one else’s', async () => {
    const mine = await as('user', 'get', '/v3/projects');
    expect(mine.status).toBe(200);
    expect(mine.body.projects.map((p: { id: string }) => p.id)).toEqual([ids.shared]);
    expect((await as('user', 'get', `/v3/users/${ids.alice}/projects`)).body.projects).toHaveLength(1);
    expect((await as('user', 'get', '/v3/auth/projects')).body.projects).toHaveLength(1);
    const roles = await as('user', 'get', `/v3/projects/${ids.shared}/users/${ids.alice}/roles`);
    expect(roles.body.roles.map((r: { id: string }) => r.id)).toEqual(['member', 'admin']);
    expect((await as('user', 'head', `/v3/projects/${ids.shared}/users/${ids.alice}/roles/admin`)).status).toBe(204);
    const byAdmin = await createProject('not-alices');
    expect((await as('user', 'get', `/v3/projects/${byAdmin}`)).status).toBe(404);
    expect((await as('user', 'get', '/v3/projects?name=not-alices')).body.projects).toEqual([]);
    // An administrator sees every project, by name regardless of case.
    const named = await admin('get', '/v3/projects?name=NOT-ALICES');
    expect(named.body.projects.map((p: { id: string }) => p.id)).toEqual([byAdmin]);
    const one = await admin('get', `/v3/projects/${byAdmin}`);
    expect(one.body.project).toEqual({
      id: byAdmin,
      name: 'not-alices',
      description: '',
      domain_id: 'default',
      enabled: true,
      is_domain: false,
      parent_id: 'default',
      tags: [],
      links: { self: expect.stringMatching(new RegExp(`/v3/projects/${byAdmin}$`)) },
    });
  });

  it('lists the roles, and role assignments by user, project and role, with names when asked', async () => {
    const roles = await admin('get', '/v3/roles');
    expect(roles.body.roles.map((r: { id: string; name: string }) => [r.id, r.name])).toEqual([
      ['member', 'member'],
      ['admin', 'admin'],
    ]);
    expect(roles.body.links).toMatchObject({ previous: null, next: null });
    expect((await admin('get', '/v3/roles?name=admin')).body.roles).toHaveLength(1);
    expect((await admin('get', '/v3/roles/owner')).status).toBe(404);

    const list = async (query: string) =>
      (await admin('get', `/v3/role_assignments${query}`)).body.role_assignments as {
        role: { id: string; name?: string };
        user: { id: string; name?: string };
        scope: { project: { id: string; name?: string } };
        links: { assignment: string };
      }[];
    expect(await list(`?user.id=${ids.alice}`)).toHaveLength(2);
    expect(await list(`?scope.project.id=${ids.shared}`)).toHaveLength(3);
    expect((await list('?role.id=admin')).map((a) => a.user.id)).toEqual([ids.alice]);
    expect(await list(`?user.id=${ids.bob}&scope.project.id=${ids.shared}&role.id=member`)).toHaveLength(1);
    expect(await list('?role.id=owner')).toEqual([]);
    const [plain] = await list(`?user.id=${ids.bob}`);
    expect(plain).toEqual({
      role: { id: 'member' },
      scope: { project: { id: ids.shared } },
      user: { id: ids.bob },
      links: {
        assignment: expect.stringMatching(new RegExp(`/v3/projects/${ids.shared}/users/${ids.bob}/roles/member$`)),
      },
    });
    const [named] = await list(`?user.id=${ids.bob}&include_names`);
    expect(named).toMatchObject({
      role: { id: 'member', name: 'member' },
      scope: { project: { id: ids.shared, name: 'shared', domain: { id: 'default', name: DOMAIN } } },
      user: { id: ids.bob, name: 'bob', domain: { id: 'default', name: DOMAIN } },
    });
  });

  it('refuses a taken name with 409, bad input with 400, unknown parties with 404, changing nothing', async () => {
    const before = (await admin('get', '/v3/projects')).body.projects;
    const taken = await admin('post', '/v3/projects').send({ project: { name: 'SHARED' } });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ error: { code: 409, title: 'Conflict', message: expect.stringContaining('SHARED') } });
    const other = await createProject('other');
    expect((await admin('patch', `/v3/projects/${other}`).send({ project: { name: 'Shared' } })).status).toBe(409);
    for (const body of [
      {},
      { project: { name: '' } },
      { project: { name: 'x'.repeat(65) } },
      { project: { name: 'ok', domain_id: 'elsewhere' } },
      { project: { name: 'ok', is_domain: true } },
      { project: { name: 'ok', enabled: 'yes' } },
    ]) {
      const res = await admin('post', '/v3/projects').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, title: 'Bad Request' });
    }
    expect((await admin('patch', `/v3/projects/${other}`).send({ project: { enabled: 'no' } })).status).toBe(400);
    const after = (await admin('get', '/v3/projects')).body.projects;
    expect(after.map((p: { name: string }) => p.name)).toEqual(
      [...before.map((p: { name: string }) => p.name), 'other'].sort(),
    );
    expect((await admin('get', `/v3/projects/${other}`)).body.project.enabled).toBe(true);

    const unknown = '0'.repeat(32);
    expect((await admin('put', `/v3/projects/${unknown}/users/${ids.bob}/roles/member`)).status).toBe(404);
    expect((await admin('put', `/v3/projects/${other}/users/nobody/roles/member`)).status).toBe(404);
    expect((await admin('put', `/v3/projects/${other}/users/${ids.bob}/roles/owner`)).status).toBe(404);
    expect((await admin('delete', `/v3/projects/${other}/users/${ids.bob}/roles/member`)).status).toBe(404);
    expect((await admin('head', `/v3/projects/${other}/users/${ids.bob}/roles/member`)).status).toBe(404);
    expect((await admin('get', `/v3/users/nobody/projects`)).status).toBe(404);
    expect((await admin('delete', `/v3/projects/${unknown}`)).status).toBe(404);
    expect(await t.store.projects.assignments({ projectId: other })).toEqual([]);
  });

  it('writes an audit row for each change, with the administrator as actor', async () => {
    const id = await createProject('audited');
    await admin('patch', `/v3/projects/${id}`).send({ project: { description: 'd', enabled: false } });
    await admin('put', `/v3/projects/${id}/users/${ids.bob}/roles/member`);
    await admin('delete', `/v3/projects/${id}/users/${ids.bob}/roles/member`);
    await admin('delete', `/v3/projects/${id}`);
    for (const action of [
      'project.create',
      'project.update',
      'project.assign_role',
      'project.unassign_role',
      'project.delete',
    ] as const) {
      const { events } = await t.store.audit.list({ action, limit: 20 });
      const row = events.find((e) => e.details?.projectId === id);
      expect(row, action).toMatchObject({ outcome: 'success', actorUsername: 'admin' });
    }
    const { events } = await t.store.audit.list({ action: 'project.assign_role', limit: 20 });
    expect(events.find((e) => e.details?.projectId === id)).toMatchObject({
      targetUserId: ids.bob,
      details: { role: 'member', username: 'bob' },
    });
  });
});
