import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';

// F-5: a client holding Tessera's audience and another got, for a token request without `scope`, a token carrying
// both — so the other resource server, receiving it, could replay it at Tessera as the owner (it minted a 90-day
// token). Tessera's own audience is now granted only when the request names it.
const ISSUER = 'http://tessera.test';
const TESSERA = { audience: ISSUER, scope: 'profile:read' };
const OTHER = { audience: 'https://reports.example.com', scope: 'read' };

describe.each(backends)('F-5 Tessera’s own audience only when asked for (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
  });
  afterEach(async () => t.close());

  const client = async (scopes: { audience: string; scope: string }[]) => {
    const res = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'c', scopes });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const token = (c: { id: string; secret: string }, scope?: string) =>
    t.http
      .post('/oauth2/v1/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: c.id,
        client_secret: c.secret,
        ...(scope ? { scope } : {}),
      });
  const whoami = (jwt: string) => t.http.get('/api/whoami').set('Authorization', `Bearer ${jwt}`);

  it('a request without scope gets the other audiences only, and the token is refused at Tessera', async () => {
    const c = await client([TESSERA, OTHER]);
    const res = await token(c);
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('https://reports.example.com/read');
    expect(decodeJwt(res.body.access_token).aud).toBe('https://reports.example.com');
    // What the reports server received can't be replayed at Tessera with the owner's rights.
    expect((await whoami(res.body.access_token)).status).toBe(401);
    const minted = await t.http
      .post('/api/users/me/auth-tokens')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .send({ description: 'replayed' });
    expect(minted.status).toBe(401);
  });

  it('naming Tessera’s scope grants it', async () => {
    const c = await client([TESSERA, OTHER]);
    const res = await token(c, `${ISSUER}/profile:read`);
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token).aud).toBe(ISSUER);
    expect((await whoami(res.body.access_token)).status).toBe(200);
  });

  it('a client holding only Tessera’s audience must name it: invalid_scope without scope, audited', async () => {
    const c = await client([TESSERA]);
    const res = await token(c);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
    expect(res.body.error_description).toContain(`scope=${ISSUER}/profile:read`);
    const { events } = await t.store.audit.list({ action: 'oauth2_client.token', limit: 5 });
    expect(events[0]).toMatchObject({ outcome: 'failure', details: { reason: 'invalid_scope' } });
    expect((await token(c, `${ISSUER}/profile:read`)).status).toBe(200);
  });

  it('Tessera’s audience written with a trailing slash counts as Tessera’s', async () => {
    const c = await client([{ audience: `${ISSUER}/`, scope: 'profile:read' }, OTHER]);
    const res = await token(c);
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token).aud).toBe('https://reports.example.com');
  });
});
