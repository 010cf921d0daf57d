import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as migration from '../store/migrations/20261207_0700_oauth2_audiences.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';

// F-9: audiences were not owned: any user could register another team's audience and then introspect that
// audience's tokens (username, sub, client_id, scope). Now the first registrant owns an audience; administrators may
// use any; anyone else gets 409 audience_taken; introspection of a token for an audience the caller's owner does
// not own answers {"active":false}. Tessera's own audience belongs to no one.
const ISSUER = 'http://tessera.test';
const A = { audience: 'https://reports.example.com', scope: 'read' };
const TESSERA = { audience: ISSUER, scope: 'profile:read' };
type Scope = { audience: string; scope: string };
type Client = { id: string; secret: string; fullyQualifiedScopes: string[] };

describe.each(backends)('F-9 audiences are owned (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: TestAgent;
  let bob: TestAgent;
  let bobId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
    await t.createUser('alice');
    bobId = await t.createUser('bob');
    alice = await t.signIn('alice', 'alice-password-123');
    bob = await t.signIn('bob', 'bob-password-123');
  });
  afterEach(async () => t.close());

  const create = (agent: TestAgent, scopes: Scope[], userId = 'me') =>
    agent.post(`/api/users/${userId}/oauth2-client-credentials`).set(SAME_ORIGIN).send({ name: 'c', scopes });
  const created = async (agent: TestAgent, scopes: Scope[], userId = 'me') => {
    const res = await create(agent, scopes, userId);
    expect(res.status).toBe(201);
    return res.body as Client;
  };
  const token = async (c: Client) => {
    const res = await t.http
      .post('/oauth2/v1/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: c.id,
        client_secret: c.secret,
        scope: c.fullyQualifiedScopes.join(' '),
      });
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  const introspect = (c: Client, jwt: string) =>
    t.http.post('/oauth2/v1/introspect').type('form').send({ token: jwt, client_id: c.id, client_secret: c.secret });

  it('the first registrant owns an audience; someone else gets 409 audience_taken, in any spelling', async () => {
    await created(alice, [A]);
    const taken = await create(bob, [A]);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'audience_taken', status: 409 });
    expect(taken.body.detail).toContain('https://reports.example.com');
    for (const spelling of [
      'https://REPORTS.example.com/',
      'https://reports.example.com:443',
      'HTTPS://reports.example.com//',
    ]) {
      expect((await create(bob, [{ audience: spelling, scope: 'read' }])).status, spelling).toBe(409);
    }
    // Nothing was written for the refused creates.
    expect((await bob.get('/api/users/me/oauth2-client-credentials')).body.items).toEqual([]);
  });

  it('an edit can’t take someone else’s audience either, and changes nothing when refused', async () => {
    await created(alice, [A]);
    const mine = await created(bob, [{ audience: 'https://bob.example.com', scope: 'x' }]);
    const res = await bob
      .patch(`/api/users/me/oauth2-client-credentials/${mine.id}`)
      .set(SAME_ORIGIN)
      .send({ name: 'renamed', scopes: [A] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('audience_taken');
    const after = await bob.get(`/api/users/me/oauth2-client-credentials/${mine.id}`);
    expect(after.body).toMatchObject({ name: 'c', fullyQualifiedScopes: ['https://bob.example.com/x'] });
  });

  it('administrators may use any audience, for themselves or for another user', async () => {
    await created(alice, [A]);
    await created(admin, [A]);
    await created(admin, [A], bobId);
  });

  it('introspection of a token for an audience the caller’s owner does not own is inactive', async () => {
    const aliceRs = await created(alice, [A]);
    // Bob holds A only because an administrator gave it to him; he does not own it.
    const bobs = await created(admin, [A], bobId);
    const adminClient = await created(admin, [A]);
    const jwt = await token(adminClient);
    expect((await introspect(bobs, jwt)).body).toEqual({ active: false });
    expect((await introspect(aliceRs, jwt)).body).toMatchObject({ active: true, client_id: adminClient.id });
    // Its own tokens, a client always sees.
    expect((await introspect(bobs, await token(bobs))).body.active).toBe(true);
  });

  it('Tessera’s own audience belongs to no one: anyone may register it, no one introspects others’ tokens by it', async () => {
    const alices = await created(alice, [TESSERA]);
    const bobs = await created(bob, [TESSERA]);
    const jwt = await token(alices);
    expect((await introspect(bobs, jwt)).body).toEqual({ active: false });
    expect((await introspect(alices, jwt)).body.active).toBe(true);
  });

  it('two users registering one audience at once: exactly one gets it', async () => {
    const B = { audience: 'https://race.example.com', scope: 'x' };
    const [r1, r2] = await Promise.all([create(alice, [B]), create(bob, [B])]);
    expect([r1.status, r2.status].sort()).toEqual([201, 409]);
  });

  it('an administrator sees the owners and can give an audience to another user (audited); no one else can', async () => {
    const aliceRs = await created(alice, [A]);
    const bobs = await created(admin, [A], bobId);
    const jwt = await token(await created(admin, [A]));
    const list = await admin.get('/api/oauth2/audiences');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        audience: 'https://reports.example.com',
        owner: expect.objectContaining({ username: 'alice' }),
        createdAt: expect.any(String),
      },
    ]);
    expect((await bob.get('/api/oauth2/audiences')).status).toBe(403);
    const give = { audience: 'https://REPORTS.example.com/', userId: bobId };
    expect((await bob.put('/api/oauth2/audiences').set(SAME_ORIGIN).send(give)).status).toBe(403);

    const res = await admin.put('/api/oauth2/audiences').set(SAME_ORIGIN).send(give);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ audience: 'https://reports.example.com', owner: { username: 'bob' } });
    expect((await introspect(bobs, jwt)).body.active).toBe(true);
    expect((await introspect(aliceRs, jwt)).body).toEqual({ active: false });
    const { events } = await t.store.audit.list({ action: 'oauth2_audience.transfer', limit: 5 });
    expect(events[0]).toMatchObject({ targetUserId: bobId, details: { audience: 'https://reports.example.com' } });

    const own = await admin.put('/api/oauth2/audiences').set(SAME_ORIGIN).send({ audience: ISSUER, userId: bobId });
    expect(own.status).toBe(422);
    expect(own.body.code).toBe('own_audience');
  });

  it('the migration gives existing clients’ audiences to their owners, the earliest client first', async () => {
    const store = t.store;
    const users = await store.users.getMany([bobId]);
    const aliceUser = await store.users.getByUsername('alice');
    const base = { name: 'old', description: '', secretHint: 'h', expiresAt: null, createdBy: null };
    // Written before ownership existed: no claims, bob's client the older one.
    await store.oauth2Clients.create(
      {
        ...base,
        id: 'old-bob',
        userId: users[0]!.id,
        scopes: [A],
        secretDigest: 'd1',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      10,
    );
    await store.oauth2Clients.create(
      {
        ...base,
        id: 'old-alice',
        userId: aliceUser!.id,
        scopes: [A, { audience: 'https://alice.example.com/', scope: 'y' }],
        secretDigest: 'd2',
        createdAt: '2026-02-01T00:00:00.000Z',
      },
      10,
    );
    const db = (store as unknown as { db: Kysely<unknown> }).db;
    await migration.down(db);
    await migration.up(db);
    const owners = await store.oauth2Clients.audienceOwners([
      'https://reports.example.com',
      'https://alice.example.com',
    ]);
    expect(owners.get('https://reports.example.com')).toBe(bobId);
    expect(owners.get('https://alice.example.com')).toBe(aliceUser!.id);
  });
});
