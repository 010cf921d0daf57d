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
import { BOOTSTRAP_ELEMENT_ID, inlineJson } from './console.js';

const PASSWORD = 'console bootstrap passphrase 4d2a';
// Closes the element, opens a comment, and is a replacement pattern of String.prototype.replace.
const HOSTILE_NAME = "</script><script>alert(1)</script><!-- $& $' &amp;";

/** The inlined start-up data of a console page, parsed as the console parses it; undefined when there is none. */
function bootstrapOf(
  html: string,
): { session: { user: Record<string, unknown> } | null; features: string[] } | undefined {
  const open = `<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  if (start === -1) return undefined;
  const end = html.indexOf('</script>', start);
  return JSON.parse(html.slice(start + open.length, end)) as ReturnType<typeof bootstrapOf>;
}

async function consoleApp(kind: (typeof backends)[number], env: Record<string, string> = {}) {
  const ts = await openTestStore(kind);
  const webDist = path.join(ts.dataDir, 'web');
  fs.mkdirSync(path.join(webDist, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(webDist, 'index.html'),
    '<!doctype html><html><head><title>Tessera</title></head><body><div id="root"></div></body></html>',
  );
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

describe.each(backends)('the console page’s start-up data (%s)', (kind) => {
  let app: { ts: TestStore; tessera: Tessera };
  let realm: { ts: TestStore; tessera: Tessera };
  beforeAll(async () => {
    app = await consoleApp(kind);
    realm = await consoleApp(kind, { TESSERA_DISABLED_FEATURES: 'oauth2-client-credentials' });
  });
  afterAll(async () => {
    for (const a of [app, realm]) {
      await a.tessera.shutdown();
      await a.ts.cleanup();
    }
  });

  const signIn = async (tessera: Tessera, username: string, password: string) => {
    const agent = request.agent(tessera.app);
    expect((await agent.post('/api/session').set(SAME_ORIGIN).send({ username, password })).status).toBe(200);
    return agent;
  };

  it('says nobody is signed in, with the features, on a page that is never stored', async () => {
    for (const page of ['/', '/settings/auth-tokens', '/signin?next=%2Fsettings']) {
      const res = await request(app.tessera.app).get(page);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['set-cookie']).toBeUndefined();
      // The same features and ways of signing in GET /api/features answers.
      const { features, signIn } = (await request(app.tessera.app).get('/api/features')).body as {
        features: string[];
        signIn: unknown;
      };
      expect(bootstrapOf(res.text)).toEqual({ session: null, features, signIn });
    }
    expect(bootstrapOf((await request(realm.tessera.app).get('/')).text)?.features).not.toContain(
      'oauth2-client-credentials',
    );
  });

  it('carries the session GET /api/session answers, for this request only', async () => {
    const admin = await signIn(app.tessera, 'admin', ADMIN_PASSWORD);
    const res = await admin.get('/settings/auth-tokens');
    expect(res.headers['cache-control']).toBe('no-store');
    const data = bootstrapOf(res.text)!;
    const api = (await admin.get('/api/session')).body as { user: Record<string, unknown> };
    expect(data.session?.user).toEqual(api.user);
    expect(data.session?.user.username).toBe('admin');
    // The same server, the next visitor: no one's session.
    expect(bootstrapOf((await request(app.tessera.app).get('/settings/auth-tokens')).text)?.session).toBeNull();
    // After signing out, the page says so too.
    await admin.delete('/api/session').set(SAME_ORIGIN);
    expect(bootstrapOf((await admin.get('/')).text)?.session).toBeNull();
  });

  it('escapes what the user wrote so it cannot end the element, and the console reads it back unchanged', async () => {
    const admin = await signIn(app.tessera, 'admin', ADMIN_PASSWORD);
    const created = await admin
      .post('/api/users')
      .set(SAME_ORIGIN)
      .send({ username: `hostile-${kind}`, displayName: HOSTILE_NAME, password: PASSWORD });
    expect(created.status).toBe(201);
    const user = await signIn(app.tessera, `hostile-${kind}`, PASSWORD);
    const html = (await user.get('/')).text;
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    expect(bootstrapOf(html)?.session?.user.displayName).toBe(HOSTILE_NAME);
  });

  it('is not a way to use a token: a page requested with a token header starts signed out', async () => {
    const admin = await signIn(app.tessera, 'admin', ADMIN_PASSWORD);
    const token = (await admin.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'page' }))
      .body as { token: string };
    const res = await request(app.tessera.app).get('/').set('Authorization', `Bearer ${token.token}`);
    expect(bootstrapOf(res.text)?.session).toBeNull();
  });
});

describe('inlineJson', () => {
  it('escapes <, >, & and the JavaScript line separators, and stays the same JSON', () => {
    const value = { a: '</script>', b: '<!--', c: '&', d: '\u2028\u2029' };
    const text = inlineJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
