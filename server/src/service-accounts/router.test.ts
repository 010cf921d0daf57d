import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 21, point 5: /api/service-accounts. Administrators create and delete; administrators and the owning person
// read, change and hand over; anyone else learns nothing (404), by session and by token alike.
type Actor = 'anonymous' | 'other' | 'owner' | 'admin';
type Via = 'session' | 'bearer';
type Op = 'list' | 'get' | 'patch' | 'transfer' | 'create' | 'delete';

const EXPECTED: Record<Exclude<Actor, 'anonymous'>, Record<Op, number>> = {
  other: { list: 200, get: 404, patch: 404, transfer: 404, create: 403, delete: 403 },
  owner: { list: 200, get: 200, patch: 200, transfer: 200, create: 403, delete: 403 },
  admin: { list: 200, get: 200, patch: 200, transfer: 200, create: 201, delete: 204 },
};
const OPS: Op[] = ['list', 'get', 'patch', 'transfer', 'create', 'delete'];
const cases: [Actor, Via | 'none', Op][] = OPS.flatMap((op) => [
  ['anonymous', 'none', op] as [Actor, 'none', Op],
  ...(['other', 'owner', 'admin'] as const).flatMap((a) =>
    (['session', 'bearer'] as const).map((v) => [a, v, op] as [Actor, Via, Op]),
  ),
]);

describe.each(backends)('service accounts: the API (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  const ids = {} as Record<'owner' | 'other' | 'admin', string>;
  const agents = {} as Record<'owner' | 'other' | 'admin', TestAgent>;
  const tokens = {} as Record<'owner' | 'other' | 'admin', string>;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_DOMAIN_NAME: 'Default' });
    ids.owner = await t.createUser('alice');
    ids.other = await t.createUser('bob');
    agents.admin = admin = await t.signIn();
    agents.owner = await t.signIn('alice', 'alice-password-123');
    agents.other = await t.signIn('bob', 'bob-password-123');
    ids.admin = (await admin.get('/api/whoami')).body.id as string;
    for (const a of ['owner', 'other', 'admin'] as const) tokens[a] = (await t.createToken(agents[a])).token;
  });
  afterAll(async () => t.close());

  const create = async (username: string, ownerId: string | null = ids.owner) => {
    const res = await admin
      .post('/api/service-accounts')
      .set(SAME_ORIGIN)
      .send({ username, displayName: `${username} bot`, description: 'runs the nightly export', ownerId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; username: string };
  };

  function send(actor: Actor, via: Via | 'none', method: 'get' | 'post' | 'patch' | 'delete', url: string): Test {
    if (actor === 'anonymous') return t.http[method](url).set(SAME_ORIGIN);
    if (via === 'session') return agents[actor][method](url).set(SAME_ORIGIN);
    return t.http[method](url).set('Authorization', `Bearer ${tokens[actor]}`);
  }

  it.each(cases)('%s via %s: %s', async (actor, via, op) => {
    const account = await create(`svc-${newId().slice(0, 8).toLowerCase()}`);
    const url = `/api/service-accounts/${account.id}`;
    const res = await {
      list: () => send(actor, via, 'get', '/api/service-accounts?limit=100'),
      get: () => send(actor, via, 'get', url),
      patch: () => send(actor, via, 'patch', url).send({ description: 'changed in the matrix' }),
      transfer: () => send(actor, via, 'post', `${url}/owner`).send({ ownerId: null }),
      create: () =>
        send(actor, via, 'post', '/api/service-accounts').send({
          username: `made-${newId().slice(0, 8).toLowerCase()}`,
        }),
      delete: () => send(actor, via, 'delete', url),
    }[op]();
    const after = await t.store.users.get(account.id);
    if (actor === 'anonymous') {
      expect(res.status).toBe(401);
      expect(after).toMatchObject({ ownerId: ids.owner, description: 'runs the nightly export' });
      return;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(EXPECTED[actor][op]);
    if (res.status === 404) {
      // The same answer as for an id that is no service account at all.
      const nobody = await send(
        actor,
        via,
        op === 'get' ? 'get' : op === 'patch' ? 'patch' : 'post',
        `/api/service-accounts/${newId()}${op === 'transfer' ? '/owner' : ''}`,
      ).send(op === 'patch' ? { description: 'x' } : op === 'transfer' ? { ownerId: null } : undefined);
      expect(res.body).toEqual(nobody.body);
    }
    const listed = (res.body.items ?? []) as { id: string }[];
    switch (op) {
      case 'list':
        expect(listed.some((i) => i.id === account.id)).toBe(actor !== 'other');
        break;
      case 'get':
        if (res.status === 200)
          expect(res.body).toMatchObject({
            id: account.id,
            owner: { id: ids.owner, username: 'alice', disabled: false },
            tokenCount: 0,
            clientCount: 0,
          });
        break;
      case 'patch':
        expect(after?.description).toBe(res.status === 200 ? 'changed in the matrix' : 'runs the nightly export');
        break;
      case 'transfer':
        expect(after?.ownerId).toBe(res.status === 200 ? null : ids.owner);
        break;
      case 'delete':
        expect(after === undefined).toBe(res.status === 204);
        break;
      case 'create':
        break;
    }
  });

  it('lists the ones the caller owns with owner=me, administrators too', async () => {
    const mine = await create('svc-owned-by-admin', ids.admin);
    const theirs = await create('svc-not-the-admins');
    const all = (await admin.get('/api/service-accounts?limit=100')).body.items.map((i: { id: string }) => i.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const own = await admin.get('/api/service-accounts?owner=me&limit=100');
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(own.body.total).toBe(1);
    expect((await admin.get('/api/service-accounts?owner=someone')).status).toBe(400);
  });

  it('creates with the administrators as owner by default; validates; refuses a taken name', async () => {
    const res = await admin.post('/api/service-accounts').set(SAME_ORIGIN).send({ username: 'deploy-bot' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/service-accounts/${res.body.id}`);
    expect(res.body).toMatchObject({ username: 'deploy-bot', displayName: 'deploy-bot', description: '', owner: null });
    const count = await t.store.users.count();
    const svcOwned = (await create('svc-owned-by-alice')).id;
    const bad: [Record<string, unknown>, number, string?][] = [
      [{ username: 'deploy-bot' }, 409, 'username_taken'],
      [{ username: 'alice' }, 409, 'username_taken'],
      [{ username: 'Bad Name' }, 400],
      [{ username: 'x1', password: 'a-password-for-it' }, 400],
      [{ username: 'x2', ownerId: newId() }, 400],
      [{ username: 'x3', ownerId: svcOwned }, 400],
      [{ username: 'x4', description: 'a\u0000b' }, 400],
    ];
    for (const [body, status, code] of bad) {
      const r = await admin.post('/api/service-accounts').set(SAME_ORIGIN).send(body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      if (code) expect(r.body.code).toBe(code);
    }
    expect(await t.store.users.count()).toBe(count + 1);
    const { events } = await t.store.audit.list({ action: 'service_account.create', limit: 50 });
    expect(events.find((e) => e.targetUserId === res.body.id)?.details).toMatchObject({
      username: 'deploy-bot',
      ownerId: null,
    });
  });

  it('refuses a disabled person as the new owner, and audits a hand-over with from and to', async () => {
    const account = await create('svc-handover');
    const carol = await t.createUser('carol');
    await admin.patch(`/api/users/${carol}`).set(SAME_ORIGIN).send({ disabled: true });
    const refused = await agents.owner
      .post(`/api/service-accounts/${account.id}/owner`)
      .set(SAME_ORIGIN)
      .send({ ownerId: carol });
    expect(refused.status).toBe(400);
    // The owner hands it to bob, who then sees it and alice no longer does.
    const moved = await agents.owner
      .post(`/api/service-accounts/${account.id}/owner`)
      .set(SAME_ORIGIN)
      .send({ ownerId: ids.other });
    expect(moved.status).toBe(200);
    expect(moved.body.owner).toMatchObject({ id: ids.other, username: 'bob' });
    expect((await agents.other.get(`/api/service-accounts/${account.id}`)).status).toBe(200);
    expect((await agents.owner.get(`/api/service-accounts/${account.id}`)).status).toBe(404);
    const { events } = await t.store.audit.list({ action: 'service_account.transfer_ownership', limit: 50 });
    const e = events.find((x) => x.targetUserId === account.id);
    expect(e).toMatchObject({ actorId: ids.owner, outcome: 'success' });
    expect(e?.details).toMatchObject({ from: ids.owner, fromUsername: 'alice', to: ids.other, toUsername: 'bob' });
    // The same owner again changes nothing and writes nothing.
    await agents.other.post(`/api/service-accounts/${account.id}/owner`).set(SAME_ORIGIN).send({ ownerId: ids.other });
    const again = await t.store.audit.list({ action: 'service_account.transfer_ownership', limit: 50 });
    expect(again.events.filter((x) => x.targetUserId === account.id)).toHaveLength(1);
  });

  it('keeps service accounts out of the Users list and away from its password and role changes', async () => {
    const account = await create('svc-not-a-user');
    const list = await admin.get('/api/users?limit=100&search=svc-');
    expect(list.body.users).toEqual([]);
    // …unless asked for (a project's member picker offers both kinds); anything else is a 400.
    const both = await admin.get('/api/users?limit=100&search=svc-not-a&kind=any');
    expect(both.body.users.map((u: { username: string }) => u.username)).toEqual(['svc-not-a-user']);
    const services = await admin.get('/api/users?limit=100&search=svc-not-a&kind=service');
    expect(services.body.users.map((u: { kind: string }) => u.kind)).toEqual(['service']);
    expect((await admin.get('/api/users?kind=robots')).status).toBe(400);
    expect((await admin.get(`/api/users/${account.id}`)).body).toMatchObject({
      kind: 'service',
      username: 'svc-not-a-user',
    });
    expect((await admin.get('/api/users/me')).body.kind).toBe('person');
    for (const body of [{ password: 'a-brand-new-password-1' }, { role: 'admin' }, { disabled: true }]) {
      const res = await admin.patch(`/api/users/${account.id}`).set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.body.code).toBe('service_account');
    }
    expect(await t.store.users.get(account.id)).toMatchObject({ role: 'user', disabled: false });
    // Its owner reads it as a user (the console's page), anyone else is refused as for any user.
    expect((await agents.owner.get(`/api/users/${account.id}`)).status).toBe(200);
    expect((await agents.other.get(`/api/users/${account.id}`)).status).toBe(403);
  });

  it('refuses sign-in as a service account exactly as an unknown user: console and Keystone password', async () => {
    const account = await create('svc-no-sign-in');
    const console = (username: string) =>
      t.http.post('/api/session').set(SAME_ORIGIN).send({ username, password: 'any-password-at-all-1' });
    const [asAccount, asNobody] = [await console('svc-no-sign-in'), await console('nobody-here')];
    expect(asAccount.status).toBe(401);
    expect(asAccount.body).toEqual(asNobody.body);
    // An empty password is no way in either.
    const empty = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'svc-no-sign-in', password: '' });
    expect([400, 401]).toContain(empty.status);
    const keystone = (name: string) =>
      t.http.post('/v3/auth/tokens').send({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name, password: 'any-password-at-all-1', domain: { id: 'default' } } },
          },
        },
      });
    const [ksAccount, ksNobody] = [await keystone('svc-no-sign-in'), await keystone('nobody-here')];
    expect(ksAccount.status).toBe(401);
    expect(ksAccount.body).toEqual(ksNobody.body);
    const { events } = await t.store.audit.list({ limit: 200 });
    const reasons = events
      .filter((e) => e.targetUserId === account.id && e.outcome === 'failure')
      .map((e) => e.details?.reason);
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    expect(new Set(reasons)).toEqual(new Set(['service_account']));
  });
});
