import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { newId } from '../lib/ids.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

interface UserBody {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
  apiTokensEnabled: boolean;
}

const USER_KEYS = [
  'apiTokensEnabled',
  'createdAt',
  'disabled',
  'displayName',
  'id',
  'kind',
  'lastSignInAt',
  'lockedUntil',
  'role',
  'tokenCount',
  'updatedAt',
  'username',
];

describe.each(backends)('user administration API (%s)', (kind) => {
  describe('who may call it', () => {
    let t: TestApp;
    let admin: TestAgent;
    let alice: TestAgent;
    let aliceToken: string;
    let bobId: string;

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await t.signIn();
      await t.createUser('alice');
      bobId = await t.createUser('bob');
      alice = await t.signIn('alice', 'alice-password-123');
      aliceToken = (await t.createToken(alice)).token;
    });
    afterAll(async () => t.close());

    const nonAdminCalls = (bob: string) =>
      [
        ['GET', '/api/users', undefined],
        ['POST', '/api/users', { username: 'mallory', password: 'mallory-password-123', role: 'admin' }],
        ['PATCH', `/api/users/${bob}`, { role: 'admin' }],
        ['PATCH', '/api/users/me', { role: 'admin' }],
        ['GET', `/api/users/${bob}`, undefined],
      ] as const;

    it('refuses non-administrators with 403, by session and by token, and changes nothing', async () => {
      const users = await t.store.users.count();
      for (const [method, path, body] of nonAdminCalls(bobId)) {
        const viaSession = alice[method.toLowerCase() as 'get'](path).set(SAME_ORIGIN);
        const viaToken = t.http[method.toLowerCase() as 'get'](path).set('Authorization', `Bearer ${aliceToken}`);
        for (const res of [
          await (body ? viaSession.send(body) : viaSession),
          await (body ? viaToken.send(body) : viaToken),
        ]) {
          expect(res.status, `${method} ${path}`).toBe(403);
          expect(res.body.code).toBe('forbidden');
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        }
      }
      expect(await t.store.users.count()).toBe(users);
      expect((await t.store.users.get(bobId))?.role).toBe('user');
      expect((await t.store.users.getByUsername('alice'))?.role).toBe('user');
    });

    it('refuses anonymous callers with 401 and WWW-Authenticate', async () => {
      for (const [method, path, body] of nonAdminCalls(bobId)) {
        const req = t.http[method.toLowerCase() as 'get'](path).set(SAME_ORIGIN);
        const res = await (body ? req.send(body) : req);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers['www-authenticate']).toBeTruthy();
      }
    });

    it('lets anyone read themselves as `me`, without the password hash', async () => {
      const res = await alice.get('/api/users/me');
      expect(res.status).toBe(200);
      expect(res.body.username).toBe('alice');
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
    });

    it('lets an administrator read any user, and answers 404 for one that does not exist', async () => {
      const res = await admin.get(`/api/users/${bobId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: bobId, username: 'bob', role: 'user', disabled: false });
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect((await admin.get(`/api/users/${newId()}`)).status).toBe(404);
      expect((await admin.patch(`/api/users/${newId()}`).set(SAME_ORIGIN).send({ displayName: 'X' })).status).toBe(404);
    });
  });

  describe('creating users', () => {
    let t: TestApp;
    let admin: TestAgent;
    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await t.signIn();
    });
    afterAll(async () => t.close());

    it('creates a user (201, id, Location) who can then sign in', async () => {
      const res = await admin
        .post('/api/users')
        .set(SAME_ORIGIN)
        .send({ username: 'Carol', displayName: 'Carol Jones', password: 'carol-password-123' });
      expect(res.status).toBe(201);
      const body = res.body as UserBody;
      expect(body.id).toMatch(/\S/);
      expect(res.headers.location).toBe(`/api/users/${body.id}`);
      expect(body).toMatchObject({
        username: 'carol',
        displayName: 'Carol Jones',
        role: 'user',
        disabled: false,
        apiTokensEnabled: true,
      });
      expect(Object.keys(body).sort()).toEqual(USER_KEYS);
      expect((await admin.get(res.headers.location!)).body).toMatchObject({ id: body.id, username: 'carol' });

      const carol = await t.signIn('carol', 'carol-password-123');
      const me = await carol.get('/api/whoami');
      expect(me.body).toMatchObject({ id: body.id, username: 'carol', role: 'user' });

      const audit = await t.store.audit.list({ action: 'user.create', limit: 10 });
      expect(audit.events[0]).toMatchObject({ targetUserId: body.id, actorUsername: 'admin' });
      expect(JSON.stringify(audit.events)).not.toContain('carol-password-123');
    });

    it('defaults the display name to the username and honours role and apiTokensEnabled', async () => {
      const res = await admin
        .post('/api/users')
        .set(SAME_ORIGIN)
        .send({ username: 'dave', password: 'dave-password-123', role: 'admin', apiTokensEnabled: false });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ displayName: 'dave', role: 'admin', apiTokensEnabled: false });
    });

    it('refuses a duplicate username, whatever its case, with 409 username_taken', async () => {
      await t.createUser('erin');
      for (const username of ['erin', 'ERIN', ' Erin ']) {
        const res = await admin.post('/api/users').set(SAME_ORIGIN).send({ username, password: 'another-password-1' });
        expect(res.status, username).toBe(409);
        expect(res.body.code).toBe('username_taken');
      }
    });

    it('refuses a short password and a bad username with 400 naming the field', async () => {
      const before = await t.store.users.count();
      const short = await admin.post('/api/users').set(SAME_ORIGIN).send({ username: 'frank', password: 'Xq9!zT-w' });
      expect(short.status).toBe(400);
      expect(short.body.errors).toEqual([
        { path: 'password', message: expect.stringContaining('at least 12 characters') as unknown },
      ]);
      const bad = await admin
        .post('/api/users')
        .set(SAME_ORIGIN)
        .send({ username: 'frank smith/..', password: 'frank-password-123' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'username' })]);
      expect(await t.store.users.count()).toBe(before);
    });
  });

  describe('listing users', () => {
    let t: TestApp;
    let admin: TestAgent;
    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await t.signIn();
      // Seeded straight into the store: these users never sign in, so no password hashing is needed.
      const now = new Date().toISOString();
      const people = [
        ['jsmith', 'Jane Smith'],
        ['asmithers', 'Al Smithers'],
        ['bob', 'Robert Brown'],
        ['smith_b', 'B'],
        ['percent', '100% Real'],
        ...Array.from({ length: 20 }, (_, i) => [`user${String(i).padStart(2, '0')}`, `Person ${i}`]),
      ];
      await t.store.users.bulkInsert(
        people.map(([username, displayName]) => ({
          id: newId(),
          username: username!,
          displayName: displayName!,
          role: 'user' as const,
          passwordHash: 'not-a-real-hash',
          apiTokensEnabled: true,
          createdAt: now,
        })),
      );
    });
    afterAll(async () => t.close());

    const usernames = (res: { body: { users: UserBody[] } }) => res.body.users.map((u) => u.username).sort();

    it('searches username and display name, case-insensitively', async () => {
      expect(usernames(await admin.get('/api/users').query({ search: 'SMITH' }))).toEqual([
        'asmithers',
        'jsmith',
        'smith_b',
      ]);
      expect(usernames(await admin.get('/api/users').query({ search: 'robert' }))).toEqual(['bob']);
      expect(usernames(await admin.get('/api/users').query({ search: 'nobody-like-this' }))).toEqual([]);
    });

    it('treats LIKE wildcards in a search literally', async () => {
      expect(usernames(await admin.get('/api/users').query({ search: '%' }))).toEqual(['percent']);
      expect(usernames(await admin.get('/api/users').query({ search: 'h_b' }))).toEqual(['smith_b']);
    });

    it('walks every user exactly once with the cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await admin.get('/api/users').query({ limit: 4, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.users.length).toBeLessThanOrEqual(4);
        seen.push(...(res.body.users as UserBody[]).map((u) => u.id));
        cursor = res.body.nextCursor as string | null;
        pages++;
      } while (cursor && pages < 50);
      expect(cursor).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(await t.store.users.count());
    });

    it('paginates search results too', async () => {
      const first = await admin.get('/api/users').query({ search: 'smith', limit: 2 });
      expect(first.body.users).toHaveLength(2);
      const second = await admin.get('/api/users').query({ search: 'smith', limit: 2, cursor: first.body.nextCursor });
      expect(second.body.users).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
    });

    it('refuses a limit out of range', async () => {
      expect((await admin.get('/api/users').query({ limit: 0 })).status).toBe(400);
      expect((await admin.get('/api/users').query({ limit: 101 })).status).toBe(400);
      expect((await admin.get('/api/users').query({ limit: 'many' })).status).toBe(400);
    });
  });
});
