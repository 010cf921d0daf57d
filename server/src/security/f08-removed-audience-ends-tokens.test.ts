import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';

// F-8: removing an audience from an OAuth client left the tokens already issued for it valid. Verification now
// compares the token's audiences and scopes with the client's current ones, at the API and at introspection.
const ISSUER = 'http://tessera.test';
const TESSERA = { audience: ISSUER, scope: 'profile:read' };
const OTHER = { audience: 'https://reports.example.com', scope: 'read' };

describe.each(backends)('F-8 an edit that removes an audience ends its tokens (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let client: { id: string; secret: string };
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
    const res = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'c', scopes: [TESSERA, OTHER] });
    client = res.body as { id: string; secret: string };
  });
  afterEach(async () => t.close());

  const token = async (scope: string) => {
    const res = await t.http
      .post('/oauth2/v1/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope });
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  const whoami = (jwt: string) => t.http.get('/api/whoami').set('Authorization', `Bearer ${jwt}`);
  const introspect = (jwt: string) =>
    t.http
      .post('/oauth2/v1/introspect')
      .type('form')
      .send({ token: jwt, client_id: client.id, client_secret: client.secret });
  const edit = (scopes: { audience: string; scope: string }[]) =>
    admin.patch(`/api/users/me/oauth2-client-credentials/${client.id}`).set(SAME_ORIGIN).send({ scopes });

  it('removing Tessera’s audience makes its tokens fail at the API and at introspection', async () => {
    const jwt = await token(`${ISSUER}/profile:read`);
    expect((await whoami(jwt)).status).toBe(200);
    expect((await introspect(jwt)).body.active).toBe(true);
    expect((await edit([OTHER])).status).toBe(200);
    expect((await whoami(jwt)).status).toBe(401);
    expect((await introspect(jwt)).body).toEqual({ active: false });
  });

  it('removing another audience ends the tokens for it (introspection says inactive)', async () => {
    const jwt = await token('https://reports.example.com/read');
    expect((await introspect(jwt)).body.active).toBe(true);
    expect((await edit([TESSERA])).status).toBe(200);
    expect((await introspect(jwt)).body).toEqual({ active: false });
  });

  it('a scope changed within the same audience ends the tokens for the old scope', async () => {
    const jwt = await token(`${ISSUER}/profile:read`);
    expect((await edit([{ audience: ISSUER, scope: 'tokens:read' }, OTHER])).status).toBe(200);
    expect((await whoami(jwt)).status).toBe(401);
  });

  it('an edit that keeps the token’s audiences and scopes leaves it working', async () => {
    const jwt = await token(`${ISSUER}/profile:read https://reports.example.com/read`);
    const renamed = await admin
      .patch(`/api/users/me/oauth2-client-credentials/${client.id}`)
      .set(SAME_ORIGIN)
      .send({ name: 'renamed', scopes: [OTHER, TESSERA, { audience: 'https://more.example.com', scope: 'x' }] });
    expect(renamed.status).toBe(200);
    expect((await whoami(jwt)).status).toBe(200);
    expect((await introspect(jwt)).body.active).toBe(true);
  });
});
