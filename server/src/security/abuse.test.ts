import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateToken } from '../lib/token-format.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

describe.each(backends)('abuse resistance (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    // Loopback proxy trust lets each attempt come from its own X-Forwarded-For address.
    t = await startTestApp(kind, {
      TESSERA_SIGN_IN_MAX_FAILURES: '3',
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '5',
      TESSERA_TRUST_PROXY: 'loopback',
    });
  });
  afterEach(async () => t.close());

  const signIn = (username: string, password: string, ip = '127.0.0.1') =>
    t.http.post('/api/session').set(SAME_ORIGIN).set('X-Forwarded-For', ip).send({ username, password });

  it('locks a username at the guessing address until an administrator lifts it, and audits the lift', async () => {
    const aliceId = await t.createUser('alice', { password: 'alice-long-password' });
    const admin = await t.signIn();
    // One address guessing one account (F-4: guesses from other addresses never lock the owner out).
    for (let i = 0; i < 3; i++) expect((await signIn('alice', 'wrong-password-here', '192.0.2.7')).status).toBe(401);
    expect((await signIn('alice', 'alice-long-password', '192.0.2.7')).status).toBe(429);

    expect((await t.http.post(`/api/users/${aliceId}/unlock`).set(SAME_ORIGIN)).status).toBe(401);
    await t.createUser('bob');
    const bobAgent = await t.signIn('bob', 'bob-password-123');
    const refused = await bobAgent.post(`/api/users/${aliceId}/unlock`).set(SAME_ORIGIN);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);

    const locked = (await admin.get(`/api/users/${aliceId}`)).body as { lockedUntil: string | null };
    expect(Date.parse(locked.lockedUntil!)).toBeGreaterThan(Date.now());
    const lifted = await admin.post(`/api/users/${aliceId}/unlock`).set(SAME_ORIGIN);
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({ wasLocked: true, lockedUntil: null });
    expect((await admin.get(`/api/users/${aliceId}`)).body.lockedUntil).toBeNull();
    // Nothing left to lift: it says so.
    expect((await admin.post(`/api/users/${aliceId}/unlock`).set(SAME_ORIGIN)).body).toEqual({
      wasLocked: false,
      lockedUntil: null,
    });
    // The lift lets the person in from the address that was locked out.
    expect((await signIn('alice', 'alice-long-password', '192.0.2.7')).status).toBe(200);
    const events = await admin.get(`/api/users/${aliceId}/activity?action=user.unlock`);
    expect(events.body.items).toHaveLength(2);
    expect(events.body.items[1]).toMatchObject({
      actor: { username: 'admin' },
      target: { id: aliceId },
      details: { wasLocked: true },
    });
    expect(events.body.items[0].details).toMatchObject({ wasLocked: false });
    expect((await admin.post('/api/users/no-such-user/unlock').set(SAME_ORIGIN)).status).toBe(404);
  });

  it('never locks an address out for a burst of concurrent good sign-ins', async () => {
    await t.createUser('alice', { password: 'alice-long-password' });
    // Eight at once against a limit of three: some may be refused while the others are still being checked.
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => signIn('alice', 'alice-long-password', '192.0.2.9')),
    );
    expect(burst.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect((await signIn('alice', 'alice-long-password', '192.0.2.9')).status).toBe(200);
  });

  it('refuses the most common passwords case-insensitively on create and on reset', async () => {
    const admin = await t.signIn();
    for (const password of ['QWERTYUIOP123', '1q2w3e4r5t6y', 'qwerty123456']) {
      const res = await admin.post('/api/users').set(SAME_ORIGIN).send({ username: 'carol', password });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('invalid_request');
      expect(res.body.errors).toEqual([{ path: 'password', message: expect.stringMatching(/most commonly used/) }]);
      expect(JSON.stringify(res.body)).not.toContain(password);
    }
    const id = await t.createUser('carol');
    const reset = await admin.patch(`/api/users/${id}`).set(SAME_ORIGIN).send({ password: 'Password1234' });
    expect(reset.status).toBe(400);
    expect(reset.body.detail).toMatch(/most commonly used/);
    const short = await admin.post('/api/users').set(SAME_ORIGIN).send({ username: 'dave', password: 'short-pw' });
    expect(short.body.errors[0].message).toMatch(/at least 12 characters/);
  });

  it('answers failures past the budget 429, and still answers valid tokens from that address and others', async () => {
    const t2 = await startTestApp(kind, { TESSERA_TOKEN_FAILURES_PER_MINUTE: '5', TESSERA_TRUST_PROXY: 'loopback' });
    try {
      const admin = await t2.signIn();
      const { token } = await t2.createToken(admin);
      const attacker = '203.0.113.9';
      for (let i = 0; i < 5; i++) {
        const res = await t2.http
          .get('/api/whoami')
          .set('X-Forwarded-For', attacker)
          .set('X-Auth-Token', generateToken());
        expect(res.status).toBe(401);
      }
      const blocked = await t2.http
        .get('/api/whoami')
        .set('X-Forwarded-For', attacker)
        .set('X-Auth-Token', generateToken());
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('too_many_requests');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // A valid token from that very address is verified and answered: behind a load balancer that hides client
      // addresses, one guesser would otherwise lock every program out.
      const valid = await t2.http.get('/api/whoami').set('X-Forwarded-For', attacker).auth(token, { type: 'bearer' });
      expect(valid.status).toBe(200);
      const other = await t2.http
        .get('/api/whoami')
        .set('X-Forwarded-For', '198.51.100.7')
        .auth(token, { type: 'bearer' });
      expect(other.status).toBe(200);
      // The browser session is not token-authenticated and is not throttled.
      expect((await admin.get('/api/whoami').set('X-Forwarded-For', attacker)).status).toBe(200);
      // Failures with a valid checksum are audited with the token hint, never the token: the first from an address
      // at once, the repeats from it summarised in one row (count and hints) rather than a write per request.
      const audit = await admin.get('/api/activity?action=auth_token.use');
      const items = audit.body.items as { ip: string; details: { count?: number; hint?: string; hints?: string[] } }[];
      expect(items.length).toBe(2);
      for (const item of items)
        expect(item).toMatchObject({ outcome: 'failure', ip: attacker, details: { reason: 'unknown_token' } });
      // Six: the one answered 429 was looked up too (only a valid token could have been spared the 429).
      expect(items.reduce((n, i) => n + (i.details.count ?? 1), 0)).toBe(6);
      expect(items.flatMap((i) => i.details.hints ?? [i.details.hint]).length).toBe(6);
      expect(JSON.stringify(audit.body)).not.toMatch(/tsr_[0-9A-Za-z]{36}/);
    } finally {
      await t2.close();
    }
  });

  it('limits failure tracking memory when many addresses spray', async () => {
    const { TokenFailureThrottle } = await import('./token-failure-throttle.js');
    const th = new TokenFailureThrottle(2, { maxTrackedIps: 100 });
    for (let i = 0; i < 1000; i++) th.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(th.trackedIps).toBeLessThanOrEqual(100);
    expect(th.recordFailure('1.2.3.4')).toBe(0);
    expect(th.recordFailure('1.2.3.4')).toBe(0);
    // The third failure within the minute is past the limit: wait until the window ends.
    expect(th.recordFailure('1.2.3.4')).toBeGreaterThan(0);
    expect(th.recordFailure('1.2.3.4', Date.now() + 61_000)).toBe(0);
  });
});
