import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

type Actor = 'anonymous' | 'owner' | 'other' | 'admin';
type Via = 'session' | 'x-auth-token';
type Target = 'me' | 'owner-id';
type Op = 'list' | 'projects' | 'create' | 'get' | 'delete';

const OPS: Op[] = ['list', 'projects', 'create', 'get', 'delete'];
const SUCCESS: Record<Op, number> = { list: 200, projects: 200, create: 201, get: 200, delete: 204 };
const SYSTEM = { actor: null, ip: null, userAgent: null, credential: null };

// The console API's matrix (as auth tokens'): anonymous 401; the owner and an administrator act; anyone else gets 404,
// never a hint that the user or the credential exists — by session and by token header alike.
const cases: [Actor, Via | 'none', Target, Op][] = [];
for (const target of ['me', 'owner-id'] as Target[])
  for (const op of OPS) {
    cases.push(['anonymous', 'none', target, op]);
    for (const actor of ['owner', 'other', 'admin'] as const)
      for (const via of ['session', 'x-auth-token'] as const) cases.push([actor, via, target, op]);
  }

describe.each(backends)('application credentials: the authorization matrix (%s)', (kind) => {
  let t: TestApp;
  let ownerId: string;
  let projectId: string;
  const agents = {} as Record<Exclude<Actor, 'anonymous'>, TestAgent>;
  const tokens = {} as Record<Exclude<Actor, 'anonymous'>, string>;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_MAX_TOKENS_PER_USER: '100' });
    ownerId = await t.createUser('alice');
    const bobId = await t.createUser('bob');
    agents.admin = await t.signIn();
    agents.owner = await t.signIn('alice', 'alice-password-123');
    agents.other = await t.signIn('bob', 'bob-password-123');
    for (const a of ['owner', 'other', 'admin'] as const) tokens[a] = (await t.createToken(agents[a])).token;
    const projects = t.tessera.services.projects;
    projectId = (await projects.create(SYSTEM, { name: 'matrix' })).id;
    await projects.assign(SYSTEM, projectId, ownerId, 'member');
    await projects.assign(SYSTEM, projectId, bobId, 'member');
  });
  afterAll(() => t.close());

  const send = (actor: Actor, via: Via | 'none', method: 'get' | 'post' | 'delete', url: string): Test => {
    if (actor === 'anonymous') return t.http[method](url).set(SAME_ORIGIN);
    if (via === 'session') return agents[actor][method](url).set(SAME_ORIGIN);
    return t.http[method](url).set('X-Auth-Token', tokens[actor]);
  };
  // Each case acts on a credential of its own, made by the owner.
  const own = async (name: string) =>
    (await agents.owner.post('/api/users/me/application-credentials').set(SAME_ORIGIN).send({ name, projectId }))
      .body as { id: string };

  let n = 0;
  it.each(cases)('%s by %s on %s: %s', async (actor, via, target, op) => {
    const user = `/api/users/${target === 'me' ? 'me' : ownerId}`;
    const path = `${user}/application-credentials`;
    // The Create dialog's choices: the user's projects, from the projects' route.
    const projectsPath = `${user}/projects`;
    // `me` is the caller: the owner's own, anyone else's own (nothing of the owner's is reachable that way).
    const actsOnOwner = target === 'owner-id' || actor === 'owner';
    const c = op === 'get' || op === 'delete' ? await own(`c-${n++}`) : undefined;
    const res =
      op === 'list'
        ? await send(actor, via, 'get', path)
        : op === 'projects'
          ? await send(actor, via, 'get', projectsPath)
          : op === 'create'
            ? await send(actor, via, 'post', path).send({ name: `new-${n++}`, projectId })
            : await send(actor, via, op === 'get' ? 'get' : 'delete', `${path}/${c!.id}`);
    if (actor === 'anonymous') return expect(res.status).toBe(401);
    const allowed = actor === 'admin' || actor === 'owner';
    if (target === 'owner-id') return expect(res.status).toBe(allowed ? SUCCESS[op] : 404);
    // `me` for someone else: their own list and projects; the owner's credential is not theirs (404), and the
    // administrator holds no role in the project (404 for a create).
    if (actsOnOwner || op === 'list') return expect(res.status).toBe(SUCCESS[op]);
    if (op === 'projects') return expect(res.status).toBe(200);
    if (op === 'create') return expect(res.status).toBe(actor === 'other' ? 201 : 404);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(c!.id);
  });
});
