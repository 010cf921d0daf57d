import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 21, point 1: who may do what with a project, as a matrix (actor × credential × operation) on every backend.
// `member` holds the role `member` in the project each case acts on; `user` holds none; `admin` is an administrator.
type Actor = 'anonymous' | 'user' | 'member' | 'admin';
type Via = 'session' | 'bearer' | 'x-auth-token';
type Op = 'list' | 'create' | 'get' | 'update' | 'delete' | 'members' | 'grant' | 'revoke' | 'userProjects';

const OPS: Op[] = ['list', 'create', 'get', 'update', 'delete', 'members', 'grant', 'revoke', 'userProjects'];
const VIAS: Via[] = ['session', 'bearer', 'x-auth-token'];
const READS = new Set<Op>(['list', 'get', 'members', 'userProjects']);
const SUCCESS: Record<Op, number> = {
  list: 200,
  create: 201,
  get: 200,
  update: 200,
  delete: 204,
  members: 200,
  grant: 201,
  revoke: 204,
  userProjects: 200,
};

/** What each actor gets: success, 401, 403 (not an administrator) or 404 (a project or user they do not see). */
function expected(actor: Actor, op: Op): number {
  if (actor === 'anonymous') return 401;
  if (actor === 'admin') return SUCCESS[op];
  if (!READS.has(op)) return 403;
  if (op === 'list') return 200;
  // The member reads the project, its members and their own projects; the user none of them.
  return actor === 'member' ? 200 : 404;
}

const cases: [Actor, Via | 'none', Op][] = [];
for (const op of OPS) {
  cases.push(['anonymous', 'none', op]);
  for (const actor of ['user', 'member', 'admin'] as const) for (const via of VIAS) cases.push([actor, via, op]);
}

describe.each(backends)('projects: the authorization matrix (%s)', (kind) => {
  let t: TestApp;
  const ids = {} as Record<Exclude<Actor, 'anonymous'>, string>;
  const agents = {} as Record<Exclude<Actor, 'anonymous'>, TestAgent>;
  const tokens = {} as Record<Exclude<Actor, 'anonymous'>, string>;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_MAX_TOKENS_PER_USER: '1000' });
    ids.user = await t.createUser('uma');
    ids.member = await t.createUser('mia');
    agents.admin = await t.signIn();
    agents.user = await t.signIn('uma', 'uma-password-123');
    agents.member = await t.signIn('mia', 'mia-password-123');
    ids.admin = (await agents.admin.get('/api/whoami')).body.id as string;
    for (const a of ['user', 'member', 'admin'] as const) tokens[a] = (await t.createToken(agents[a])).token;
  });
  afterAll(async () => t.close());

  function send(actor: Actor, via: Via | 'none', method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string) {
    if (actor === 'anonymous') return t.http[method](url).set(SAME_ORIGIN);
    if (via === 'session') return agents[actor][method](url).set(SAME_ORIGIN);
    const req = t.http[method](url);
    return via === 'bearer'
      ? req.set('Authorization', `Bearer ${tokens[actor]}`)
      : req.set('X-Auth-Token', tokens[actor]);
  }

  function request(actor: Actor, via: Via | 'none', op: Op, projectId: string): Test {
    const base = `/api/projects/${projectId}`;
    switch (op) {
      case 'list':
        return send(actor, via, 'get', '/api/projects?limit=100');
      case 'create':
        return send(actor, via, 'post', '/api/projects').send({ name: `made-${++n}`, description: 'matrix' });
      case 'get':
        return send(actor, via, 'get', base);
      case 'update':
        return send(actor, via, 'patch', base).send({ description: 'changed in the matrix' });
      case 'delete':
        return send(actor, via, 'delete', base);
      case 'members':
        return send(actor, via, 'get', `${base}/members`);
      case 'grant':
        return send(actor, via, 'put', `${base}/members/${ids.user}/roles/member`);
      case 'revoke':
        return send(actor, via, 'delete', `${base}/members/${ids.member}/roles/member`);
      case 'userProjects':
        return send(actor, via, 'get', `/api/users/${ids.member}/projects`);
    }
  }

  /** A fresh project, mia a member of it, made by the administrator, so no case depends on another. */
  async function target() {
    const res = await agents.admin
      .post('/api/projects')
      .set(SAME_ORIGIN)
      .send({ name: `target-${++n}`, description: 'target' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as string;
    const put = await agents.admin.put(`/api/projects/${id}/members/${ids.member}/roles/member`).set(SAME_ORIGIN);
    expect(put.status).toBe(201);
    return id;
  }

  const state = async (id: string) => ({
    project: await t.store.projects.get(id),
    assignments: await t.store.projects.assignments({ projectId: id }),
    count: (await t.store.projects.list({ limit: 1000 })).items.length,
  });

  it.each(cases)('%s via %s: %s', async (actor, via, op) => {
    const id = await target();
    const before = await state(id);
    const res = await request(actor, via, op, id);
    const want = expected(actor, op);
    expect(res.status, JSON.stringify(res.body)).toBe(want);
    if (want >= 400) {
      if (want === 401) expect(res.headers['www-authenticate']).toBeTruthy();
      if (want === 404) expect(JSON.stringify(res.body)).not.toContain('target');
      expect(await state(id)).toEqual(before);
      return;
    }
    const after = await state(id);
    switch (op) {
      case 'list': {
        const listed = (res.body.items as { id: string }[]).map((p) => p.id);
        expect(listed.includes(id)).toBe(actor !== 'user');
        if (actor === 'member') expect(listed.length).toBe((await t.store.projects.projectsOf(ids.member)).length);
        break;
      }
      case 'create':
        expect(res.body).toMatchObject({ description: 'matrix', enabled: true, memberCount: 0 });
        expect(after.count).toBe(before.count + 1);
        break;
      case 'get':
        expect(res.body).toMatchObject({ id, description: 'target', memberCount: 1 });
        break;
      case 'update':
        expect(after.project?.description).toBe('changed in the matrix');
        break;
      case 'delete':
        expect(after.project).toBeUndefined();
        expect(after.assignments).toEqual([]);
        break;
      case 'members':
        expect(res.body).toMatchObject({ items: [{ user: { id: ids.member, username: 'mia' }, roles: ['member'] }] });
        break;
      case 'grant':
        expect(after.assignments).toContainEqual({ projectId: id, userId: ids.user, role: 'member' });
        break;
      case 'revoke':
        expect(after.assignments).toEqual([]);
        break;
      case 'userProjects':
        expect((res.body.items as { id: string; roles: string[] }[]).find((p) => p.id === id)?.roles).toEqual([
          'member',
        ]);
        break;
    }
  });

  it('answers a project that does not exist as one the caller does not see: 404 for everyone who may ask', async () => {
    const nobody = '0'.repeat(32);
    for (const actor of ['user', 'member', 'admin'] as const)
      for (const op of ['get', 'members'] as const)
        expect((await request(actor, 'session', op, nobody)).status, `${actor} ${op}`).toBe(404);
    for (const op of ['update', 'delete', 'grant', 'revoke'] as const)
      expect((await request('admin', 'bearer', op, nobody)).status, op).toBe(404);
  });
});
