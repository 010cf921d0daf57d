import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import {
  ADMIN_PASSWORD,
  LogCapture,
  SAME_ORIGIN,
  backends,
  openTestStore,
  type TestStore,
} from '../test-support/harness.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function appWithConsole(kind: (typeof backends)[number], env: Record<string, string> = {}) {
  const ts = await openTestStore(kind);
  const webDist = path.join(ts.dataDir, 'web');
  fs.mkdirSync(path.join(webDist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><html><head></head><body>console</body></html>');
  const tessera = createApp({
    config: testConfig({ TESSERA_DATA_DIR: ts.dataDir, ...env }),
    store: ts.store,
    logger: createLogger('silent', new LogCapture()),
    sessionSecret: 'test-session-secret-that-is-long-enough',
    webDist,
  });
  await tessera.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
  return { ts, tessera };
}

// The seed documents' own unknown paths: none of them may answer 200 with the console's page.
describe.each(backends)('unknown paths (%s)', (kind) => {
  let app: { ts: TestStore; tessera: Tessera };
  let realm: { ts: TestStore; tessera: Tessera };
  beforeAll(async () => {
    app = await appWithConsole(kind);
    realm = await appWithConsole(kind, { TESSERA_DISABLED_FEATURES: 'oauth2-client-credentials,keystone' });
  });
  afterAll(async () => {
    for (const a of [app, realm]) {
      await a.tessera.shutdown();
      await a.ts.cleanup();
    }
  });

  const expectProblem404 = (res: request.Response, what: string) => {
    expect(res.status, what).toBe(404);
    expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
    expect(res.body, what).toMatchObject({ status: 404, code: 'not_found', type: expect.stringMatching(/not_found$/) });
    expect(res.text, what).not.toContain('console');
  };

  it('answers a problem+json 404 under the API prefixes, for any method and even to a browser', async () => {
    const paths = [
      '/api/nope',
      '/API/users/me/nothing',
      '/v2/account/api_tokens.json',
      '/oauth2/v1/nope',
      '/oauth2',
      '/.well-known/openid-configuration',
    ];
    for (const p of paths)
      for (const method of ['get', 'post', 'delete'] as const) {
        const res = await request(app.tessera.app)[method](p).set('Accept', BROWSER).set(SAME_ORIGIN);
        expectProblem404(res, `${method} ${p}`);
        expect(res.headers['cache-control'], p).toBe('no-store');
        // The detail names the path asked for, prefix included.
        if (p === '/v2/account/api_tokens.json')
          expect(res.body.detail).toBe(`No route for ${method.toUpperCase()} ${p}.`);
      }
    // A realm without OAuth 2.0 and Keystone: their paths are unknown paths like any other.
    for (const p of ['/oauth2/v1/token', '/.well-known/oauth-authorization-server', '/v3/auth/tokens'])
      expectProblem404(await request(realm.tessera.app).get(p).set('Accept', BROWSER), `realm ${p}`);
  });

  it('keeps each surface’s own error format where it has one: Keystone at /v3, JSON:API under GoodData’s paths', async () => {
    const keystone = await request(app.tessera.app).get('/v3/nope').set('Accept', 'application/json');
    expect(keystone.status).toBe(404);
    expect(keystone.body).toEqual({ error: { code: 404, title: 'Not Found', message: 'No route for GET /v3/nope.' } });
    const gooddata = await request(app.tessera.app).put('/api/v1/entities/users/me/apiTokens/a/b').set(SAME_ORIGIN);
    expect(gooddata.status).toBe(404);
    expect(gooddata.headers['content-type']).toMatch(/^application\/vnd\.gooddata\.api\+json/);
    expect(JSON.parse(gooddata.text)).toMatchObject({ errors: [{ status: '404', code: 'not_found' }] });
  });

  it('answers a program that asks for JSON with a 404 anywhere, and a browser with the console', async () => {
    for (const accept of ['application/json', 'application/problem+json', 'application/json, text/plain, */*'])
      expectProblem404(await request(app.tessera.app).get('/whatever').set('Accept', accept), accept);
    for (const page of ['/', '/settings/auth-tokens', '/identity/users', '/docs/api']) {
      for (const accept of [BROWSER, '*/*', undefined]) {
        const req = request(app.tessera.app).get(page);
        const res = await (accept ? req.set('Accept', accept) : req);
        expect(res.status, `${page} ${accept}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('console');
      }
    }
  });
});
