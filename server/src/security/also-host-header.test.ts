import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { LogCapture, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { isLoopbackName, publicOrigin, warnWithoutPublicUrl } from '../http/public-origin.js';
import type TestAgent from 'supertest/lib/agent.js';

// With TESSERA_PUBLIC_URL unset, a hostile Host header must never become Tessera's name for itself: not in the OAuth
// metadata, not in an access token's `iss`, not in JSON:API or Keystone links, not as the origin the cross-site
// check compares against. The configured HOST:PORT (127.0.0.1:3000 by default) stands in.
const HOSTILE = 'evil.example';
const FALLBACK = 'http://127.0.0.1:3000';

describe('the Host header is not reflected (TESSERA_PUBLIC_URL unset)', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await t.signIn();
  });
  afterAll(async () => t.close());

  it('OAuth metadata names HOST:PORT, not a hostile Host', async () => {
    const res = await t.http.get('/.well-known/oauth-authorization-server').set('Host', HOSTILE);
    expect(res.status).toBe(200);
    expect(res.body.issuer).toBe(FALLBACK);
    expect(res.body.token_endpoint).toBe(`${FALLBACK}/oauth2/v1/token`);
    expect(JSON.stringify(res.body)).not.toContain(HOSTILE);
  });

  it('an access token’s iss is never a hostile Host', async () => {
    const created = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'job', scopes: [{ audience: 'https://api.example.com', scope: 'read' }] });
    expect(created.status).toBe(201);
    const res = await t.http
      .post('/oauth2/v1/token')
      .set('Host', HOSTILE)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: created.body.id, client_secret: created.body.secret });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token).iss).toBe(FALLBACK);
  });

  it('JSON:API links and the Keystone version link use HOST:PORT', async () => {
    const gd = await admin
      .post('/api/v1/entities/users/me/apiTokens')
      .set(SAME_ORIGIN)
      .set('Host', HOSTILE)
      .set('Content-Type', 'application/vnd.gooddata.api+json')
      .send(JSON.stringify({ data: { id: 'hosttest', type: 'apiToken' } }));
    expect(gd.status).toBe(201);
    const doc = JSON.parse(gd.text) as { links: { self: string } };
    expect(doc.links.self).toBe(`${FALLBACK}/api/v1/entities/users/me/apiTokens/hosttest`);
    expect(gd.headers.location).not.toContain(HOSTILE);

    const v3 = await t.http.get('/v3').set('Host', HOSTILE);
    expect(v3.body.version.links[0].href).toBe(`${FALLBACK}/v3/`);
  });

  it('the cross-site check does not take the attacker’s Host as the console’s own origin', async () => {
    const res = await admin
      .post('/api/users/me/auth-tokens')
      .set('Host', HOSTILE)
      .set('Origin', `http://${HOSTILE}`)
      .send({ description: 'forged' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('cross_site_request');
  });

  it('still takes a loopback Host as it came (local development, tests, a port-forward)', async () => {
    const res = await t.http.get('/.well-known/oauth-authorization-server').set('Host', 'localhost:5173');
    expect(res.body.issuer).toBe('http://localhost:5173');
    const v6 = await t.http.get('/.well-known/oauth-authorization-server').set('Host', '[::1]:3000');
    expect(v6.body.issuer).toBe('http://[::1]:3000');
  });
});

describe('public origin rule', () => {
  const req = (host: string | undefined, protocol = 'http') =>
    ({ headers: host === undefined ? {} : { host }, protocol }) as Parameters<ReturnType<typeof publicOrigin>>[0];

  it('prefers TESSERA_PUBLIC_URL over any Host', () => {
    const origin = publicOrigin({ publicUrl: 'https://tessera.example.com', host: '0.0.0.0', port: 3000 });
    expect(origin(req('localhost:3000'))).toBe('https://tessera.example.com');
  });

  it('accepts loopback names and the configured HOST(:PORT); anything else gets http://HOST:PORT', () => {
    const origin = publicOrigin({ publicUrl: undefined, host: 'Tessera.Internal', port: 8080 });
    expect(origin(req('tessera.internal:8080'))).toBe('http://tessera.internal:8080');
    expect(origin(req('TESSERA.internal'))).toBe('http://tessera.internal');
    expect(origin(req('127.0.0.1:9', 'https'))).toBe('https://127.0.0.1:9');
    expect(origin(req('tessera.internal:9999'))).toBe('http://tessera.internal:8080');
    expect(origin(req('evil.example'))).toBe('http://tessera.internal:8080');
    expect(origin(req('localhost.evil.example'))).toBe('http://tessera.internal:8080');
    expect(origin(req('127.0.0.1.evil.example'))).toBe('http://tessera.internal:8080');
    expect(origin(req('127.0.0.1@evil.example'))).toBe('http://tessera.internal:8080');
    expect(origin(req('localhost/evil'))).toBe('http://tessera.internal:8080');
    expect(origin(req(undefined))).toBe('http://tessera.internal:8080');
    const v6 = publicOrigin({ publicUrl: undefined, host: '::', port: 3000 });
    expect(v6(req('evil.example'))).toBe('http://[::]:3000');
  });

  it('knows loopback names and addresses', () => {
    for (const h of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackName(h), h).toBe(true);
    }
    for (const h of ['localhost.example', '128.0.0.1', '127.0.0.256', '0.0.0.0', '10.0.0.1', 'example.com']) {
      expect(isLoopbackName(h), h).toBe(false);
    }
  });

  it('warns at start when HOST is not loopback and TESSERA_PUBLIC_URL is unset', () => {
    const logs = new LogCapture();
    const logger = createLogger('info', logs);
    expect(warnWithoutPublicUrl({ publicUrl: undefined, host: '127.0.0.1', port: 3000 }, logger)).toBe(false);
    expect(warnWithoutPublicUrl({ publicUrl: 'https://t.example', host: '0.0.0.0', port: 3000 }, logger)).toBe(false);
    expect(warnWithoutPublicUrl({ publicUrl: undefined, host: '0.0.0.0', port: 3000 }, logger)).toBe(true);
    expect(logs.text).toContain('TESSERA_PUBLIC_URL is not set');
  });
});
