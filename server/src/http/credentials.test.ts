import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const basic = (username: string, secret: string) => `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;

describe.each(backends)('credentials and whoami (%s)', (kind) => {
  let t: TestApp;
  let alice: TestAgent;
  let aliceId: string;
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    aliceId = await t.createUser('alice');
    await t.store.users.update(aliceId, { displayName: 'Alice Liddell', updatedAt: new Date().toISOString() });
    alice = await t.signIn('alice', 'alice-password-123');
    ({ token, id: tokenId } = await t.createToken(alice));
  });
  afterAll(async () => t.close());

  // A session, and a token it made without naming scopes: full access, i.e. every scope a user's role can use.
  const identity = () => ({
    id: aliceId,
    username: 'alice',
    displayName: 'Alice Liddell',
    role: 'user',
    scopes: ['profile:read', 'tokens:read', 'tokens:write', 'activity:read'],
    fullAccess: true,
  });

  it('says who a session belongs to and how it authenticated', async () => {
    const res = await alice.get('/api/whoami');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...identity(), authenticatedBy: 'session', via: 'cookie' });
  });

  it.each([
    ['bearer', (tok: string) => ({ Authorization: `Bearer ${tok}` })],
    ['x-auth-token', (tok: string) => ({ 'X-Auth-Token': tok })],
    ['basic', (tok: string) => ({ Authorization: basic('alice', tok) })],
  ])('says who a token belongs to when sent as %s, without creating a session', async (via, headers) => {
    const res = await t.http.get('/api/whoami').set(headers(token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...identity(), authenticatedBy: 'auth-token', via, tokenId });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it("accepts Okta's SSWS scheme, in any case, and says it came that way", async () => {
    for (const scheme of ['SSWS', 'ssws']) {
      const res = await t.http.get('/api/whoami').set('Authorization', `${scheme} ${token}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...identity(), authenticatedBy: 'auth-token', via: 'ssws', tokenId });
    }
  });

  it('accepts the Bearer scheme name in any case and the Basic username in any case', async () => {
    expect((await t.http.get('/api/whoami').set('Authorization', `bearer ${token}`)).status).toBe(200);
    expect((await t.http.get('/api/whoami').set('Authorization', basic('ALICE', token))).status).toBe(200);
  });

  it('treats /API like /api: the same credentials, headers and cross-site check, not a way around them', async () => {
    const res = await t.http.get('/API/whoami').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...identity(), authenticatedBy: 'auth-token', via: 'bearer', tokenId });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await alice.get('/Api/whoami')).body.authenticatedBy).toBe('session');
    const crossSite = await alice
      .post('/API/users/me/auth-tokens')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ description: 'from another site' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('cross_site_request');
  });

  it('answers 401 with WWW-Authenticate when no credential is sent', async () => {
    const res = await t.http.get('/api/whoami');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('unauthenticated');
    expect(res.headers['www-authenticate']).toMatch(/Bearer realm="tessera"/);
    expect(res.headers['www-authenticate']).toMatch(/Basic realm="tessera"/);
  });

  it('refuses Basic credentials naming another user, even an existing one', async () => {
    for (const username of ['admin', 'nobody']) {
      const res = await t.http.get('/api/whoami').set('Authorization', basic(username, token));
      expect(res.status, username).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
    }
  });

  it.each([
    ['an unknown scheme', { Authorization: `Token ${'x'.repeat(40)}` }],
    ['an empty Bearer', { Authorization: 'Bearer ' }],
    ['an empty X-Auth-Token beside the Bearer', { 'X-Auth-Token': '' }],
    ['Basic without a colon', { Authorization: `Basic ${Buffer.from('alice').toString('base64')}` }],
    ['Basic with an empty username', { Authorization: `Basic ${Buffer.from(':secret').toString('base64')}` }],
    ['two different tokens', { 'X-Auth-Token': 'tsr_other' }],
  ])('refuses %s with 401 and WWW-Authenticate', async (_label, headers) => {
    const res = await t.http.get('/api/whoami').set({ Authorization: `Bearer ${token}`, ...headers });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it('does not fall back to the session when a token header is present but bad', async () => {
    const res = await alice.get('/api/whoami').set('Authorization', 'Bearer tsr_not-a-real-token');
    expect(res.status).toBe(401);
  });

  it('lets a token change state without the cross-site check, which applies only to cookies', async () => {
    const res = await t.http
      .post('/api/users/me/auth-tokens')
      .set('Authorization', `Bearer ${token}`)
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ description: 'made by a script' });
    expect(res.status).toBe(201);
    const cookie = await alice.post('/api/users/me/auth-tokens').set('Sec-Fetch-Site', 'cross-site').send({
      description: 'made by a forged form',
    });
    expect(cookie.status).toBe(403);
    expect(cookie.body.code).toBe('cross_site_request');
    const del = await alice.delete(`/api/users/me/auth-tokens/${res.body.id as string}`).set(SAME_ORIGIN);
    expect(del.status).toBe(204);
  });
});
