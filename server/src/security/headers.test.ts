import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { ADMIN_PASSWORD, LogCapture, SAME_ORIGIN, openTestStore, type TestStore } from '../test-support/harness.js';

/** The app with a stand-in built console, as main.ts serves it. */
async function consoleApp(env: Record<string, string> = {}) {
  const ts = await openTestStore('sqlite');
  const webDist = path.join(ts.dataDir, 'web');
  fs.mkdirSync(path.join(webDist, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(webDist, 'index.html'),
    '<!doctype html><html><head><style nonce="__CSP_NONCE__"></style></head><body><div id="root"></div></body></html>',
  );
  fs.writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1)');
  const config = testConfig({ TESSERA_DATA_DIR: ts.dataDir, ...env });
  const tessera = createApp({
    config,
    store: ts.store,
    logger: createLogger('silent', new LogCapture()),
    sessionSecret: 'test-session-secret-that-is-long-enough',
    webDist,
  });
  await tessera.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
  return { ts, tessera };
}

describe('security headers', () => {
  let plain: { ts: TestStore; tessera: Tessera };
  let proxied: { ts: TestStore; tessera: Tessera };
  beforeAll(async () => {
    plain = await consoleApp();
    proxied = await consoleApp({ TESSERA_TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    for (const a of [plain, proxied]) {
      await a.tessera.shutdown();
      await a.ts.cleanup();
    }
  });

  it('serves console pages with a strict CSP: no unsafe-inline or unsafe-eval, frame-ancestors none, a fresh style nonce', async () => {
    const nonces = new Set<string>();
    for (const page of ['/', '/settings/auth-tokens', '/identity/activity']) {
      const res = await request(plain.tessera.app).get(page);
      expect(res.status).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(res.text).toContain(`nonce="${nonce}"`);
      nonces.add(nonce!);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(nonces.size).toBe(3);
  });

  it('answers API requests with a deny-all CSP and frame-ancestors none', async () => {
    const res = await request(plain.tessera.app).get('/api/health');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('sends HSTS only over HTTPS: behind a trusted proxy that says https, never over plain HTTP or a spoofed header', async () => {
    for (const p of ['/api/health', '/']) {
      expect((await request(plain.tessera.app).get(p)).headers['strict-transport-security']).toBeUndefined();
      const spoofed = await request(plain.tessera.app).get(p).set('X-Forwarded-Proto', 'https');
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
      const overHttp = await request(proxied.tessera.app).get(p).set('X-Forwarded-Proto', 'http');
      expect(overHttp.headers['strict-transport-security']).toBeUndefined();
      const overHttps = await request(proxied.tessera.app).get(p).set('X-Forwarded-Proto', 'https');
      expect(overHttps.headers['strict-transport-security']).toMatch(/^max-age=31536000; includeSubDomains/);
    }
  });

  it('never sends X-Powered-By: API, errors, console pages, assets, unknown paths', async () => {
    const app = plain.tessera.app;
    const responses = await Promise.all([
      request(app).get('/api/health'),
      request(app).get('/api/whoami'),
      request(app).get('/api/nope'),
      request(app).post('/api/session').set(SAME_ORIGIN).set('Content-Type', 'application/json').send('{'),
      request(app).get('/'),
      request(app).get('/assets/app.js'),
      request(app).get('/assets/missing.js'),
    ]);
    for (const res of responses) expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends Cache-Control: no-store on every API response: secrets, personal data and errors alike', async () => {
    const app = plain.tessera.app;
    const admin = request.agent(app);
    const signIn = await admin
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    const created = await admin.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'cache' });
    const id = created.body.id as string;
    const responses = [
      signIn,
      created,
      await admin.get('/api/session'),
      await admin.get('/api/whoami'),
      await admin.get('/api/users'),
      await admin.get('/api/users/me'),
      await admin.get('/api/users/me/auth-tokens'),
      await admin.get(`/api/users/me/auth-tokens/${id}`),
      await admin.post(`/api/users/me/auth-tokens/${id}/regenerate`).set(SAME_ORIGIN),
      await admin.get('/api/users/me/activity'),
      await admin.get('/api/activity?format=csv'),
      await admin.get('/api/health'),
      await request(app).get('/api/whoami'),
      await request(app).get('/api/users/me/auth-tokens/x').set('Authorization', 'Bearer nope'),
      await admin.post('/api/users').set(SAME_ORIGIN).send({ username: 1 }),
      await admin
        .post('/api/users/me/auth-tokens')
        .set(SAME_ORIGIN)
        .send({ description: 'y'.repeat(70_000) }),
      await admin.delete(`/api/users/me/auth-tokens/${id}`).set(SAME_ORIGIN),
    ];
    for (const res of responses) {
      const where = `${(res as unknown as { req: { path: string } }).req.path} → ${res.status}`;
      expect(`${where}: ${res.headers['cache-control']}`).toBe(`${where}: no-store`);
    }
    expect(responses.map((r) => r.status)).toContain(413);
  });
});
