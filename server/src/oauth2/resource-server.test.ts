import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

describe.each(backends)('a third-party resource server verifying access tokens offline (%s)', (kind) => {
  let t: TestApp;
  let server: Server;
  let base: string;
  beforeEach(async () => {
    t = await startTestApp(kind);
    server = t.tessera.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it('discovers the endpoints, gets a token and verifies it with createRemoteJWKSet against the real JWKS URL', async () => {
    const admin = await t.signIn();
    const created = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'reports', scopes: [{ audience: 'https://reports.example.com', scope: 'read' }] });
    const { id, secret } = created.body as { id: string; secret: string };

    const meta = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      string
    >;
    expect(meta.issuer).toBe(base);
    const tokenRes = await fetch(meta.token_endpoint!, {
      method: 'POST',
      headers: {
        Authorization:
          'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://reports.example.com/read' }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };

    const jwks = createRemoteJWKSet(new URL(meta.jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(access_token, jwks, {
      issuer: base,
      audience: 'https://reports.example.com',
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({ client_id: id, scope: 'https://reports.example.com/read' });

    // A token for another audience fails the resource server's own audience check.
    await expect(
      jwtVerify(access_token, jwks, { issuer: base, audience: 'https://elsewhere.example' }),
    ).rejects.toThrow();
  });
});

describe.each(backends)('a realm without OAuth 2.0 client credentials (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_DISABLED_FEATURES: 'oauth2-client-credentials' });
  });
  afterEach(async () => t.close());

  it('answers 404 problem+json on every route of the feature and leaves it out of /api/features', async () => {
    const admin = await t.signIn();
    const responses = [
      await admin.get('/api/users/me/oauth2-client-credentials'),
      await admin.post('/api/users/me/oauth2-client-credentials').set(SAME_ORIGIN).send({ name: 'x', scopes: [] }),
      await admin.post('/api/oauth2/keys/rotate').set(SAME_ORIGIN),
      await t.http.post('/oauth2/v1/token').type('form').send({ grant_type: 'client_credentials' }),
      await t.http.post('/oauth2/v1/introspect').type('form').send({ token: 'x' }),
      await t.http.post('/oauth2/v1/revoke').type('form').send({ token: 'x' }),
      await t.http.get('/oauth2/v1/keys'),
      await t.http.get('/.well-known/oauth-authorization-server'),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const features = await t.http.get('/api/features');
    expect(features.body.features).not.toContain('oauth2-client-credentials');
    expect((await admin.get('/api/users/me/auth-tokens')).status).toBe(200);
  });

  it('lists the feature when it is on', async () => {
    const other = await startTestApp(kind);
    try {
      expect((await other.http.get('/api/features')).body.features).toContain('oauth2-client-credentials');
    } finally {
      await other.close();
    }
  });
});
