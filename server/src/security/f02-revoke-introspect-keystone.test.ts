import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';

// F-2: POST /oauth2/v1/revoke answered 200 for a live `tsk_` Keystone token and left it valid; introspection called
// it {"active":false}. Now both handle every kind Tessera issues, with the same "who may see" rule as auth tokens:
// the client's owner's own tokens, or an administrator.
const ISSUER = 'http://tessera.test';
const basic = (id: string, secret: string) =>
  'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

describe.each(backends)('F-2 revoke and introspect handle Keystone tokens (%s)', (kind) => {
  let t: TestApp;
  let userId: string;
  let user: TestAgent;
  let client: { id: string; secret: string };

  const keystoneToken = async (name = 'usera') => {
    const res = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name, password: `${name}-password-123`, domain: { id: 'default' } } },
        },
      },
    });
    expect(res.status).toBe(201);
    return res.headers['x-subject-token'] as string;
  };
  const newClient = async (agent: TestAgent) => {
    const res = await agent
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({
        name: 'rs',
        scopes: [{ audience: `https://api.${Math.random().toString(36).slice(2)}.example`, scope: 'x' }],
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const call = (endpoint: 'introspect' | 'revoke', c: { id: string; secret: string }, token: string) =>
    t.http.post(`/oauth2/v1/${endpoint}`).set('Authorization', basic(c.id, c.secret)).type('form').send({ token });
  const live = async (token: string) => (await t.http.get('/api/whoami').set('X-Auth-Token', token)).status === 200;

  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    userId = await t.createUser('usera');
    await t.createUser('userb');
    user = await t.signIn('usera', 'usera-password-123');
    client = await newClient(user);
  });
  afterEach(async () => t.close());

  it('introspection calls the owner’s live Keystone token active, with token_type, sub, username, exp', async () => {
    const token = await keystoneToken();
    const res = await call('introspect', client, token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active: true,
      token_type: 'Bearer',
      sub: userId,
      username: 'usera',
      iss: ISSUER,
      exp: expect.any(Number),
      iat: expect.any(Number),
    });
    expect(res.body.exp * 1000).toBeGreaterThan(Date.now());
    expect(res.text).not.toContain(token);
  });

  it('revocation deletes a live Keystone token at once, audited keystone.token.revoke', async () => {
    const token = await keystoneToken();
    expect(await live(token)).toBe(true);
    const res = await call('revoke', client, token);
    expect(res.status).toBe(200);
    expect(await live(token)).toBe(false);
    expect((await call('introspect', client, token)).body).toEqual({ active: false });
    const { events } = await t.store.audit.list({ action: 'keystone.token.revoke', limit: 5 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'success', targetUserId: userId, actorUsername: 'usera' });
    expect(JSON.stringify(events)).not.toContain(token);
    // Revoking again (or an unknown token) is still 200 (RFC 7009 §2.2).
    expect((await call('revoke', client, token)).status).toBe(200);
  });

  it('another user’s client sees nothing and can’t revoke it; an administrator can', async () => {
    const token = await keystoneToken();
    const other = await newClient(await t.signIn('userb', 'userb-password-123'));
    expect((await call('introspect', other, token)).body).toEqual({ active: false });
    const refused = await call('revoke', other, token);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('unauthorized_client');
    expect(await live(token)).toBe(true);

    const admin = await t.createToken(await t.signIn());
    const asAdmin = (endpoint: 'introspect' | 'revoke') =>
      t.http
        .post(`/oauth2/v1/${endpoint}`)
        .set('Authorization', `Bearer ${admin.token}`)
        .type('form')
        .send({ token, token_type_hint: 'access_token' });
    expect((await asAdmin('introspect')).body).toMatchObject({ active: true, sub: userId, username: 'usera' });
    expect((await asAdmin('revoke')).status).toBe(200);
    expect(await live(token)).toBe(false);
  });
});
