import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

describe.each(backends)('sign-in and sessions (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_SIGN_IN_MAX_FAILURES: '3' });
  });
  afterEach(async () => t.close());

  it('signs in, reads the session, signs out and destroys it server-side', async () => {
    const agent = await t.signIn();
    const s = await agent.get('/api/session');
    expect(s.status).toBe(200);
    expect(s.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(s.body.user).not.toHaveProperty('passwordHash');
    const out = await agent.delete('/api/session').set(SAME_ORIGIN);
    expect(out.status).toBe(204);
    expect((await agent.get('/api/session')).status).toBe(401);
    expect((await agent.get('/api/whoami')).status).toBe(401);
  });

  it('issues an HttpOnly, SameSite=Lax cookie and a new session id on every sign-in', async () => {
    const a = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD });
    const b = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD });
    const cookieA = String(a.headers['set-cookie']);
    const cookieB = String(b.headers['set-cookie']);
    expect(cookieA).toMatch(/HttpOnly/);
    expect(cookieA).toMatch(/SameSite=Lax/);
    expect(cookieA.split(';')[0]).not.toBe(cookieB.split(';')[0]);
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const unknown = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'nobody', password: 'whatever-password' });
    const wrong = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: 'wrong-password!!' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.body.code).toBe(wrong.body.code);
  });

  it('throttles failures per username with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: 'nope-nope-nope' }))
          .status,
      ).toBe(401);
    }
    const res = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.code).toBe('too_many_requests');
  });

  it('refuses a cross-site sign-in and a cross-site state change, accepts same-origin ones', async () => {
    const cross = await t.http
      .post('/api/session')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(cross.status).toBe(403);
    expect(cross.body.code).toBe('cross_site_request');
    const agent = await t.signIn();
    const foreignOrigin = await agent
      .post('/api/users/me/auth-tokens')
      .set('Origin', 'https://evil.example')
      .send({ description: 'x' });
    expect(foreignOrigin.status).toBe(403);
    const noHeaders = await agent.post('/api/users/me/auth-tokens').send({ description: 'x' });
    expect(noHeaders.status).toBe(403);
    const sameSite = await agent
      .post('/api/users/me/auth-tokens')
      .set('Sec-Fetch-Site', 'same-site')
      .send({ description: 'x' });
    expect(sameSite.status).toBe(403);
    const ok = await agent.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x' });
    expect(ok.status).toBe(201);
  });

  it('accepts an Origin equal to the console’s own when Fetch Metadata is absent', async () => {
    const res = await t.http
      .post('/api/session')
      // Without TESSERA_PUBLIC_URL the console's own origin is a loopback Host (http/public-origin.ts).
      .set('Host', 'localhost:3000')
      .set('Origin', 'http://localhost:3000')
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('ends a session after the absolute timeout even while it is in use', async () => {
    const agent = await t.signIn();
    expect((await agent.get('/api/whoami')).status).toBe(200);
    // Move the clock past the 12-hour absolute limit; the idle timeout alone would not end it.
    const realNow = Date.now;
    Date.now = () => realNow() + 13 * 3_600_000;
    try {
      expect((await agent.get('/api/whoami')).status).toBe(401);
    } finally {
      Date.now = realNow;
    }
  });
});
