import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

/**
 * F-4: ten wrong passwords from ten addresses made the owner's correct password get 429 from any clean address, for
 * any account including `admin`. The username limiter is now keyed on username+address: guesses from elsewhere never
 * refuse the owner, while one address guessing one account is still throttled, and the users list still says who is
 * locked out (some address is) and an unlock lifts it everywhere.
 */
describe.each(backends)('F-4 no malicious lockout (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_SIGN_IN_MAX_FAILURES: '3', TESSERA_TRUST_PROXY: 'loopback' });
  });
  afterEach(async () => t.close());

  const signIn = (username: string, password: string, ip: string) =>
    t.http.post('/api/session').set(SAME_ORIGIN).set('X-Forwarded-For', ip).send({ username, password });
  const keystone = (name: string, password: string, ip: string) =>
    t.http
      .post('/v3/auth/tokens')
      .set('X-Forwarded-For', ip)
      .send({
        auth: {
          identity: { methods: ['password'], password: { user: { name, password, domain: { name: 'Default' } } } },
        },
      });

  it('lets the owner in from a clean address however many other addresses guessed, console and Keystone', async () => {
    // Ten addresses, each one guess short of its own limit, and ten more at their limit: thirty guesses at admin.
    for (let i = 0; i < 10; i++) {
      expect((await signIn('admin', 'wrong-password-here', `203.0.113.${i}`)).status).toBe(401);
      for (let j = 0; j < 2; j++)
        expect((await keystone('admin', 'wrong-password-here', `203.0.113.${100 + i}`)).status).toBe(401);
    }
    expect((await signIn('admin', ADMIN_PASSWORD, '198.51.100.1')).status).toBe(200);
    expect((await keystone('admin', ADMIN_PASSWORD, '198.51.100.2')).status).toBe(201);
  });

  it('still throttles one address guessing one account, with 429 even for the right password there', async () => {
    await t.createUser('alice', { password: 'alice-long-password' });
    for (let i = 0; i < 3; i++) expect((await signIn('alice', 'wrong-password-here', '203.0.113.7')).status).toBe(401);
    const refused = await signIn('alice', 'alice-long-password', '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same guesser through Keystone is refused too: one throttle for both pathways.
    expect((await keystone('alice', 'alice-long-password', '203.0.113.7')).status).toBe(429);
    // The owner elsewhere is not.
    expect((await signIn('alice', 'alice-long-password', '198.51.100.9')).status).toBe(200);
  });

  it('still limits one address spraying many accounts (the per-address limiter)', async () => {
    for (const name of ['alice', 'bob', 'carol']) await t.createUser(name, { password: `${name}-long-password` });
    for (const name of ['alice', 'bob', 'carol'])
      expect((await signIn(name, 'wrong-password-here', '203.0.113.8')).status).toBe(401);
    expect((await signIn('alice', 'alice-long-password', '203.0.113.8')).status).toBe(429);
  });

  it('shows the user locked while some address is locked out, and an unlock lifts every address', async () => {
    const id = await t.createUser('alice', { password: 'alice-long-password' });
    const admin = await t.signIn();
    const user = async () => (await admin.get(`/api/users/${id}`)).body as { lockedUntil: string | null };
    // Two addresses below the limit: not locked.
    for (const ip of ['203.0.113.20', '203.0.113.21'])
      for (let i = 0; i < 2; i++) await signIn('alice', 'wrong-password-here', ip);
    expect((await user()).lockedUntil).toBeNull();
    expect((await admin.get('/api/users?status=locked')).body.users).toEqual([]);
    // Both reach it: locked, until the later of the two.
    for (const ip of ['203.0.113.20', '203.0.113.21']) await signIn('alice', 'wrong-password-here', ip);
    expect(Date.parse((await user()).lockedUntil!)).toBeGreaterThan(Date.now());
    const locked = await admin.get('/api/users?status=locked');
    expect((locked.body.users as { username: string }[]).map((u) => u.username)).toEqual(['alice']);
    expect(
      ((await admin.get('/api/users?status=active')).body.users as { username: string }[]).map((u) => u.username),
    ).not.toContain('alice');

    const lifted = await admin.post(`/api/users/${id}/unlock`).set(SAME_ORIGIN);
    expect(lifted.body).toEqual({ wasLocked: true, lockedUntil: null });
    expect((await user()).lockedUntil).toBeNull();
    for (const ip of ['203.0.113.20', '203.0.113.21'])
      expect((await signIn('alice', 'alice-long-password', ip)).status).toBe(200);
  });
});
