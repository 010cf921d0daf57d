import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

interface Row {
  id: string;
  username: string;
  tokenCount: number;
  lastSignInAt: string | null;
  lockedUntil: string | null;
  updatedAt: string;
}

// The users list as the Identity → Users screen reads it: counts, last sign-in, lockouts, filters and the total.
describe.each(backends)('the users directory (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  const ids: Record<string, string> = {};
  const names = (body: { users: Row[] }) => body.users.map((u) => u.username);
  let address = 0;
  const failSignIn = (username: string, ip = `192.0.2.${++address}`) =>
    t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .set('X-Forwarded-For', ip)
      .send({ username, password: 'not-the-password' });

  beforeAll(async () => {
    // Failed attempts come from made-up addresses (loopback proxy trust), so the suite's own is never limited.
    t = await startTestApp(kind, { TESSERA_SIGN_IN_MAX_FAILURES: '3', TESSERA_TRUST_PROXY: 'loopback' });
    admin = await t.signIn();
    for (const name of ['alice', 'bob', 'dave']) ids[name] = await t.createUser(name);
    ids.carol = await t.createUser('carol', { role: 'admin' });
    const alice = await t.signIn('alice', 'alice-password-123');
    await t.createToken(alice);
    await t.createToken(alice);
    await t.createToken(admin, ids.bob);
    await admin.patch(`/api/users/${ids.dave}`).set(SAME_ORIGIN).send({ disabled: true });
  });
  afterAll(async () => t.close());

  it('counts each user’s tokens with one grouped query for the whole page, and gives the total', async () => {
    const counting = vi.spyOn(t.store.authTokens, 'countByOwner');
    const res = await admin.get('/api/users');
    expect(res.status).toBe(200);
    expect(counting).toHaveBeenCalledTimes(1);
    counting.mockRestore();
    const byName = Object.fromEntries((res.body.users as Row[]).map((u) => [u.username, u]));
    expect(Object.fromEntries(Object.entries(byName).map(([n, u]) => [n, u.tokenCount]))).toEqual({
      admin: 0,
      alice: 2,
      bob: 1,
      carol: 0,
      dave: 0,
    });
    expect(res.body.total).toBe(5);
    const page = await admin.get('/api/users?limit=2');
    expect(names(page.body)).toEqual(['admin', 'alice']);
    expect(page.body.total).toBe(5);
    const rest = await admin.get(`/api/users?limit=2&cursor=${page.body.nextCursor}`);
    expect(names(rest.body)).toEqual(['bob', 'carol']);
    expect(rest.body.total).toBe(5);
  });

  it('stamps the last console sign-in without counting it as an edit of the user', async () => {
    const before = (await admin.get(`/api/users/${ids.bob}`)).body as Row;
    expect(before.lastSignInAt).toBeNull();
    const signedIn = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'bob', password: 'bob-password-123' });
    expect(signedIn.body.user.lastSignInAt).toEqual(expect.any(String));
    expect(signedIn.body.user.tokenCount).toBe(1);
    const after = (await admin.get(`/api/users/${ids.bob}`)).body as Row;
    expect(after.lastSignInAt).toBe(signedIn.body.user.lastSignInAt);
    expect(Date.now() - Date.parse(after.lastSignInAt!)).toBeLessThan(60_000);
    expect(after.updatedAt).toBe(before.updatedAt);
    // A failed attempt is not a sign-in.
    expect((await failSignIn('bob')).status).toBe(401);
    expect(((await admin.get(`/api/users/${ids.bob}`)).body as Row).lastSignInAt).toBe(after.lastSignInAt);
  });

  it('filters by role and by status (active, disabled, locked, enabled), with search, and totals the filtered set', async () => {
    const admins = await admin.get('/api/users?role=admin');
    expect(names(admins.body)).toEqual(['admin', 'carol']);
    expect(admins.body.total).toBe(2);
    const disabled = await admin.get('/api/users?status=disabled');
    expect(names(disabled.body)).toEqual(['dave']);
    expect(disabled.body.total).toBe(1);
    expect(names((await admin.get('/api/users?status=locked')).body)).toEqual([]);

    // A username is locked when some address is locked out of it: one address guessing it (F-4).
    for (let i = 0; i < 3; i++) expect((await failSignIn('alice', '198.51.100.77')).status).toBe(401);
    const locked = await admin.get('/api/users?status=locked');
    expect(names(locked.body)).toEqual(['alice']);
    expect(locked.body.total).toBe(1);
    expect(Date.parse((locked.body.users as Row[])[0]!.lockedUntil!)).toBeGreaterThan(Date.now());
    const active = await admin.get('/api/users?status=active');
    expect(names(active.body)).toEqual(['admin', 'bob', 'carol']);
    expect((active.body.users as Row[]).every((u) => u.lockedUntil === null)).toBe(true);
    const search = await admin.get('/api/users?search=a&role=user&status=active');
    expect(names(search.body)).toEqual([]);
    expect(names((await admin.get('/api/users?search=a&role=user')).body)).toEqual(['alice', 'dave']);
    // Enabled: locked or not, never disabled (whom a service account may be handed to).
    const enabled = await admin.get('/api/users?status=enabled');
    expect(names(enabled.body)).toEqual(['admin', 'alice', 'bob', 'carol']);
    expect(enabled.body.total).toBe(4);
    const enabledMatches = await admin.get('/api/users?search=A&status=enabled&limit=1');
    expect([names(enabledMatches.body), enabledMatches.body.total]).toEqual([['admin'], 3]);

    // Lifting the lockout moves alice back among the active users.
    await admin.post(`/api/users/${ids.alice}/unlock`).set(SAME_ORIGIN);
    expect(names((await admin.get('/api/users?status=locked')).body)).toEqual([]);
    expect((await admin.get('/api/users?role=user&status=active')).body.total).toBe(2);
  });

  it('refuses an unknown role or status with a 400 naming the field', async () => {
    for (const q of ['status=sleeping', 'role=root']) {
      const res = await admin.get(`/api/users?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe(q.split('=')[0]);
      expect(res.body.detail).toMatch(/^The request has 1 invalid field: (status|role)/);
    }
  });

  it('names the enabled administrators to anyone with a credential, and to no one without', async () => {
    const token = (await t.createToken(await t.signIn('carol', 'carol-password-123'), ids.bob)).token;
    const expected = {
      items: [
        { username: 'admin', displayName: 'Administrator' },
        { username: 'carol', displayName: 'carol' },
      ],
    };
    const viaToken = await t.http.get('/api/administrators').set('Authorization', `Bearer ${token}`);
    expect(viaToken.status).toBe(200);
    expect(viaToken.body).toEqual(expected);
    const bob = await t.signIn('bob', 'bob-password-123');
    expect((await bob.get('/api/administrators')).body).toEqual(expected);
    await admin.patch(`/api/users/${ids.carol}`).set(SAME_ORIGIN).send({ disabled: true });
    expect((await bob.get('/api/administrators')).body.items).toEqual([expected.items[0]]);
    await admin.patch(`/api/users/${ids.carol}`).set(SAME_ORIGIN).send({ disabled: false });
    const anonymous = await t.http.get('/api/administrators');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('records what a user change changed, from and to, and that a password changed without any value', async () => {
    const password = 'a brand new passphrase 77';
    await admin
      .patch(`/api/users/${ids.bob}`)
      .set(SAME_ORIGIN)
      .send({ displayName: 'Bob B', role: 'admin', apiTokensEnabled: false, password });
    const res = await admin.get(`/api/users/${ids.bob}/activity?action=user.update&limit=1`);
    expect(res.body.items[0].details.changes).toEqual([
      { field: 'displayName', from: 'bob', to: 'Bob B' },
      { field: 'role', from: 'user', to: 'admin' },
      { field: 'apiTokensEnabled', from: true, to: false },
      { field: 'password' },
    ]);
    await admin.patch(`/api/users/${ids.bob}`).set(SAME_ORIGIN).send({ disabled: true });
    const disabled = await admin.get(`/api/users/${ids.bob}/activity?action=user.update&limit=1`);
    expect(disabled.body.items[0].details.changes).toEqual([{ field: 'disabled', from: false, to: true }]);
    const everything = JSON.stringify((await admin.get('/api/activity?limit=200')).body);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('$argon2');
  });
});
