import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { newId } from '../lib/ids.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

type Actor = 'anonymous' | 'owner' | 'other' | 'admin';
type Via = 'session' | 'bearer' | 'x-auth-token' | 'basic';
// `service-account`: a service account owned by `owner` (alice): she acts on it as its owner (issue 21, point 5).
type Target = 'me' | 'owner-id' | 'service-account';
type Op = 'list' | 'create' | 'get' | 'clients' | 'patch' | 'regenerate' | 'delete';

const OPS: Op[] = ['list', 'create', 'get', 'clients', 'patch', 'regenerate', 'delete'];
const VIAS: Via[] = ['session', 'bearer', 'x-auth-token', 'basic'];
const SUCCESS: Record<Op, number> = {
  list: 200,
  create: 201,
  get: 200,
  clients: 200,
  patch: 200,
  regenerate: 200,
  delete: 204,
};

// Every (actor, credential, path, operation) combination; anonymous has no credential to vary.
const cases: [Actor, Via | 'none', Target, Op][] = [];
for (const target of ['me', 'owner-id', 'service-account'] as Target[]) {
  for (const op of OPS) {
    cases.push(['anonymous', 'none', target, op]);
    for (const actor of ['owner', 'other', 'admin'] as Actor[])
      for (const via of VIAS) cases.push([actor, via, target, op]);
  }
}

describe.each(backends)('auth tokens: the authorization matrix (%s)', (kind) => {
  let t: TestApp;
  const ids = {} as Record<Exclude<Actor, 'anonymous'> | 'service', string>;
  const usernames = { owner: 'alice', other: 'bob', admin: 'admin' } as const;
  const agents = {} as Record<Exclude<Actor, 'anonymous'>, TestAgent>;
  const tokens = {} as Record<Exclude<Actor, 'anonymous'>, string>;

  beforeAll(async () => {
    // A high limit so the many creates below never meet the policy; the limit has its own tests.
    t = await startTestApp(kind, { TESSERA_MAX_TOKENS_PER_USER: '1000' });
    ids.owner = await t.createUser('alice');
    ids.other = await t.createUser('bob');
    agents.admin = await t.signIn();
    agents.owner = await t.signIn('alice', 'alice-password-123');
    agents.other = await t.signIn('bob', 'bob-password-123');
    ids.admin = (await agents.admin.get('/api/whoami')).body.id as string;
    const account = await agents.admin
      .post('/api/service-accounts')
      .set(SAME_ORIGIN)
      .send({ username: 'svc-matrix', ownerId: ids.owner });
    ids.service = account.body.id as string;
    for (const a of ['owner', 'other', 'admin'] as const) tokens[a] = (await t.createToken(agents[a])).token;
  });
  afterAll(async () => t.close());

  function send(actor: Actor, via: Via | 'none', method: 'get' | 'post' | 'patch' | 'delete', url: string): Test {
    if (actor === 'anonymous') return t.http[method](url).set(SAME_ORIGIN);
    if (via === 'session') return agents[actor][method](url).set(SAME_ORIGIN);
    const tok = tokens[actor];
    // Token requests carry no Fetch Metadata, as from a script.
    const req = t.http[method](url);
    if (via === 'bearer') return req.set('Authorization', `Bearer ${tok}`);
    if (via === 'x-auth-token') return req.set('X-Auth-Token', tok);
    return req.set('Authorization', `Basic ${Buffer.from(`${usernames[actor]}:${tok}`).toString('base64')}`);
  }

  function request(actor: Actor, via: Via | 'none', op: Op, userPath: string, tokenId: string): Test {
    const base = `/api/users/${userPath}/auth-tokens`;
    switch (op) {
      case 'list':
        return send(actor, via, 'get', base);
      case 'create':
        return send(actor, via, 'post', base).send({ description: 'made in the matrix' });
      case 'get':
        return send(actor, via, 'get', `${base}/${tokenId}`);
      case 'clients':
        return send(actor, via, 'get', `${base}/${tokenId}/clients`);
      case 'patch':
        return send(actor, via, 'patch', `${base}/${tokenId}`).send({ description: 'renamed in the matrix' });
      case 'regenerate':
        return send(actor, via, 'post', `${base}/${tokenId}/regenerate`);
      case 'delete':
        return send(actor, via, 'delete', `${base}/${tokenId}`);
    }
  }

  /** A fresh token of userId made by the administrator, so no case depends on another. */
  async function victim(userId: string) {
    const res = await agents.admin
      .post(`/api/users/${userId}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: 'target' });
    expect(res.status).toBe(201);
    return res.body as { id: string; hint: string; description: string; token: string };
  }

  it.each(cases)('%s via %s on %s: %s', async (actor, via, target, op) => {
    // The user whose tokens the path names: yourself for `me`, the service account, else the owner (alice).
    const named = target === 'service-account' ? ids.service : ids.owner;
    const subject = target === 'me' ? (actor === 'anonymous' ? ids.owner : ids[actor]) : named;
    const userPath = target === 'me' ? 'me' : named;
    const tok = await victim(subject);
    const countBefore = await t.store.authTokens.count(subject);

    const res = await request(actor, via, op, userPath, tok.id);
    const after = await t.store.authTokens.get(subject, tok.id);

    if (actor === 'anonymous') {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBeTruthy();
    } else if (actor === 'other' && target !== 'me') {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      // The same answer as for a user that does not exist: nothing tells that alice or her token exists.
      const nobody = await request(actor, via, op, newId(), tok.id);
      expect(nobody.status).toBe(404);
      expect(res.body).toEqual(nobody.body);
      expect(JSON.stringify(res.body)).not.toContain(tok.id);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(SUCCESS[op]);
      const actorId = ids[actor];
      switch (op) {
        case 'list': {
          const items = res.body.items as { id: string; userId: string }[];
          expect(items.map((i) => i.id)).toContain(tok.id);
          expect(items.every((i) => i.userId === subject)).toBe(true);
          expect(res.body.user.id).toBe(subject);
          break;
        }
        case 'create':
          expect(res.body).toMatchObject({ userId: subject, createdBy: actorId, description: 'made in the matrix' });
          expect(res.body.token).toMatch(/^tsr_/);
          expect(await t.store.authTokens.count(subject)).toBe(countBefore + 1);
          break;
        case 'get':
          expect(res.body).toMatchObject({ id: tok.id, userId: subject, description: 'target' });
          break;
        case 'clients':
          // Issue 20: a fresh token has been used by nobody.
          expect(res.body).toEqual({ items: [] });
          break;
        case 'patch':
          expect(res.body.description).toBe('renamed in the matrix');
          expect(after?.description).toBe('renamed in the matrix');
          break;
        case 'regenerate':
          expect(res.body.token).toMatch(/^tsr_/);
          expect(res.body.token).not.toBe(tok.token);
          expect(after?.hint).not.toBe(tok.hint);
          break;
        case 'delete':
          expect(after).toBeUndefined();
          break;
      }
      return;
    }
    // Refused: the store is exactly as before.
    expect(await t.store.authTokens.count(subject)).toBe(countBefore);
    expect(after).toMatchObject({ description: 'target', hint: tok.hint });
  });

  it('does not reach a token of another user through your own or an administrator’s path', async () => {
    const bobs = await victim(ids.other);
    // The token id is real but belongs to bob: under alice's path it does not exist, for alice and for the admin.
    for (const [actor, path] of [
      ['owner', 'me'],
      ['owner', ids.owner],
      ['admin', ids.owner],
      // …nor under the path of the service account she owns.
      ['owner', ids.service],
    ] as const) {
      for (const op of ['get', 'clients', 'patch', 'regenerate', 'delete'] as const) {
        const res = await request(actor, 'session', op, path, bobs.id);
        expect(res.status, `${actor} ${op} ${path}`).toBe(404);
      }
    }
    expect(await t.store.authTokens.get(ids.other, bobs.id)).toMatchObject({ description: 'target', hint: bobs.hint });
  });

  it('answers 404 to owner and administrator for a token or user that does not exist', async () => {
    for (const actor of ['owner', 'admin'] as const) {
      for (const op of ['get', 'clients', 'patch', 'regenerate', 'delete'] as const) {
        expect((await request(actor, 'bearer', op, 'me', newId())).status, `${actor} ${op}`).toBe(404);
      }
    }
    for (const op of OPS) expect((await request('admin', 'session', op, newId(), newId())).status, op).toBe(404);
  });

  it('refuses a malformed user or token id with 400 rather than looking it up', async () => {
    expect((await request('admin', 'session', 'get', 'me', 'not%20an%20id')).status).toBe(400);
    expect((await request('admin', 'session', 'list', 'x'.repeat(65), 'x')).status).toBe(400);
  });
});
