import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../lib/token-format.js';
import type { KyselyStore } from '../store/kysely-store.js';
import { ADMIN_PASSWORD, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';

// Enough runs that the total passes 10,000 requests; each run sends exactly one request.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10_000);

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'HEAD' | 'OPTIONS';
interface Route {
  method: Method;
  path: string; // {uid} and {tid} are filled in by the generator
  body?: Record<string, unknown>; // a valid body that the generator mutates
  form?: boolean; // the body is application/x-www-form-urlencoded (OAuth 2.0 endpoints)
}

/** The documented error format of each surface: problem+json, except where a compatibility surface speaks its own. */
function errorFormatProblem(path: string, ct: string, body: Record<string, unknown> | undefined, status: number) {
  if (/^application\/problem\+json/.test(ct) && body?.status === status && typeof body?.code === 'string') return;
  if (path.startsWith('/v3')) {
    const e = body?.error as { code?: unknown } | undefined;
    return /json/.test(ct) && e?.code === status ? undefined : 'not a Keystone error';
  }
  if (path.includes('/apiTokens'))
    return /json/.test(ct) && Array.isArray(body?.errors) ? undefined : 'not a JSON:API error';
  if (path.startsWith('/oauth2') || path.startsWith('/.well-known')) {
    return /json/.test(ct) && typeof body?.error === 'string' ? undefined : 'not an OAuth 2.0 error';
  }
  return 'not problem+json';
}

// Every documented route; routes found in the served OpenAPI document are added at run time.
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/ready' },
  { method: 'POST', path: '/api/session', body: { username: 'admin', password: 'not-the-password' } },
  { method: 'GET', path: '/api/session' },
  { method: 'DELETE', path: '/api/session' },
  { method: 'GET', path: '/api/whoami' },
  { method: 'GET', path: '/api/users' },
  { method: 'POST', path: '/api/users', body: { username: 'eve', password: 'eve-password-1234', role: 'user' } },
  { method: 'GET', path: '/api/users/{uid}' },
  { method: 'PATCH', path: '/api/users/{uid}', body: { displayName: 'Someone', disabled: false } },
  { method: 'POST', path: '/api/users/{uid}/unlock' },
  { method: 'GET', path: '/api/users/{uid}/activity' },
  { method: 'GET', path: '/api/activity' },
  { method: 'GET', path: '/api/users/{uid}/auth-tokens' },
  { method: 'POST', path: '/api/users/{uid}/auth-tokens', body: { description: 'ci', expiresAt: null } },
  { method: 'GET', path: '/api/users/{uid}/auth-tokens/{tid}' },
  { method: 'PATCH', path: '/api/users/{uid}/auth-tokens/{tid}', body: { description: 'renamed' } },
  { method: 'POST', path: '/api/users/{uid}/auth-tokens/{tid}/regenerate' },
  { method: 'DELETE', path: '/api/users/{uid}/auth-tokens/{tid}' },
  { method: 'PUT', path: '/api/users/{uid}' },
  // Compatibility surfaces, with their own error formats.
  { method: 'POST', path: '/api/v1/entities/users/{uid}/apiTokens', body: { data: { id: 'gd', type: 'apiToken' } } },
  { method: 'GET', path: '/api/v1/entities/users/{uid}/apiTokens/{tid}' },
  { method: 'DELETE', path: '/api/v1/entities/users/{uid}/apiTokens/{tid}' },
  {
    method: 'POST',
    path: '/v3/auth/tokens',
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'not-the-password' } },
        },
      },
    },
  },
  { method: 'GET', path: '/v3/auth/tokens' },
  { method: 'DELETE', path: '/v3/auth/tokens' },
  {
    method: 'POST',
    path: '/oauth2/token',
    form: true,
    body: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y', scope: 'a' },
  },
  { method: 'POST', path: '/oauth2/introspect', form: true, body: { token: 'x', token_type_hint: 'access_token' } },
  { method: 'POST', path: '/oauth2/revoke', form: true, body: { token: 'x' } },
  { method: 'GET', path: '/.well-known/oauth-authorization-server' },
  {
    method: 'POST',
    path: '/api/users/{uid}/oauth2-client-credentials',
    body: { name: 'svc', description: 'd', scopes: [{ audience: 'api', scope: 'read' }] },
  },
  { method: 'GET', path: '/api/users/{uid}/oauth2-client-credentials/{tid}' },
  { method: 'GET', path: '/api/no-such-route/{uid}' },
];

const hostileStrings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '../../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%2e%2e%2f%2e%2e%2f',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '𝕋𝕖𝕤𝕤𝕖𝕣𝕒🔑',
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '{{7*7}}${7*7}',
    '__proto__',
    'constructor',
    'tsr_',
    'me',
  ),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'x'.repeat(n)),
);

const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  hostileStrings,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 5 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
);

/** Bodies: none, the valid one with a field broken, extra keys, wrong top-level types, raw text, nesting, oversize. */
/** A body made on demand; its toString (used in failure reports) is a short description. */
const lazy = (make: () => string, label = 'generated') =>
  Object.assign(make, { toString: () => `<${label}>`, [fc.toStringMethod]: () => `<${label}>` });

function bodyArb(route: Route): fc.Arbitrary<{ raw: string | (() => string) | undefined; kind: string }> {
  const base = route.body ?? { description: 'x' };
  const keys = Object.keys(base);
  const json = (v: unknown) =>
    route.form
      ? new URLSearchParams(
          Object.entries(v as object).map(([k, x]): [string, string] => [
            k,
            typeof x === 'string' ? x : (JSON.stringify(x) ?? ''),
          ]),
        ).toString()
      : JSON.stringify(v);
  return fc.oneof(
    fc.constant({ raw: undefined, kind: 'none' }),
    fc.constant({ raw: json(base), kind: 'valid' }),
    fc
      .record({ key: fc.constantFrom(...keys), value: hostileValues })
      .map(({ key, value }) => ({ raw: json({ ...base, [key]: value }), kind: 'broken-field' })),
    fc
      .record({ key: fc.string({ maxLength: 20 }), value: hostileValues })
      .map(({ key, value }) => ({ raw: json({ ...base, [key]: value }), kind: 'extra-key' })),
    fc.constantFrom(
      { raw: 'a=1&a=2&a[b]=c&__proto__[x]=1&' + 'k=v&'.repeat(40), kind: 'form-params' },
      { raw: '{"__proto__":{"role":"admin"},"username":"x","password":"y"}', kind: 'proto' },
      { raw: '{"constructor":{"prototype":{"isAdmin":true}}}', kind: 'proto' },
      { raw: '[]', kind: 'wrong-type' },
      { raw: '"string"', kind: 'wrong-type' },
      { raw: '42', kind: 'wrong-type' },
      { raw: 'null', kind: 'wrong-type' },
      { raw: '{"a":1,"a":2}', kind: 'duplicate-key' },
      { raw: '{"description":"a\\u0000b"}', kind: 'nul' },
      { raw: '{', kind: 'malformed' },
      { raw: '{"a":}', kind: 'malformed' },
      { raw: '\u0000\u0000', kind: 'malformed' },
      { raw: '\ufeff{"description":"bom"}', kind: 'bom' },
    ),
    fc.string().map((s) => ({ raw: s, kind: 'random-text' })),
    // Large bodies are built when sent, so a failure report names their size instead of printing them.
    fc
      .integer({ min: 100, max: 30_000 })
      .map((n) => ({ raw: lazy(() => '['.repeat(n) + ']'.repeat(n)), kind: 'deep-array' })),
    fc
      .integer({ min: 100, max: 6_000 })
      .map((n) => ({ raw: lazy(() => '{"a":'.repeat(n) + '1' + '}'.repeat(n)), kind: 'deep-object' })),
    fc
      .integer({ min: 65 * 1024, max: 400 * 1024 })
      .map((n) => ({ raw: lazy(() => json({ description: 'y'.repeat(n) }), `${n} bytes`), kind: 'oversize' })),
  );
}

const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/problem+json',
      'application/vnd.gooddata.api+json',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/xml',
      'application/octet-stream',
      'a/b/c;;;=',
      '*/*',
    ),
  },
);

interface Fixture {
  adminId: string;
  victimId: string;
  tokenId: string;
  adminCookie: string;
  spareCookie: string;
  victimToken: string;
}

function idArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('me', '@@admin', '@@victim', '@@token') },
    {
      weight: 5,
      arbitrary: fc.oneof(
        fc.uuid(),
        fc.constantFrom('..', '..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%00', 'a%00b', '%', '%zz', '%E0%A4%A', '*'),
        hostileStrings.map((s) => encodeURIComponent(s.slice(0, 3000))),
      ),
    },
  );
}

// Placeholders filled in per request, because a generated request may end the session or replace the token.
const ADMIN_COOKIE = '\u0001admin-cookie';
const VICTIM_TOKEN = '\u0001victim-token';
const VICTIM_BASIC = '\u0001victim-basic';

function credentialArb(): fc.Arbitrary<Record<string, string>> {
  const basic = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ Cookie: ADMIN_COOKIE }) },
    { weight: 4, arbitrary: fc.constant({ Authorization: `Bearer ${VICTIM_TOKEN}` }) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constant({}),
        fc.constant({ 'X-Auth-Token': VICTIM_TOKEN }),
        fc.constant({ Authorization: `Basic ${VICTIM_BASIC}` }),
        fc.constant({ Authorization: basic('admin', 'tsr_not-a-real-token') }),
        fc.constant({ Authorization: `Bearer ${generateToken()}` }),
        fc.constant({ Authorization: 'Bearer', 'X-Auth-Token': VICTIM_TOKEN }),
        fc.constant({ Cookie: 'tessera.sid=s%3Aforged.signature' }),
        fc.constant({ Cookie: `${ADMIN_COOKIE}; tessera.sid=duplicate` }),
        fc.constant({ Authorization: 'Basic !!!not-base64!!!' }),
        fc.constant({ Authorization: basic('', '') }),
        fc.constantFrom('Digest x', 'Negotiate abc', 'bearer  ', 'Bearer tsr_' + 'A'.repeat(36)).map((v) => ({
          Authorization: v,
        })),
        latin1Header(4000).map((v) => ({ Authorization: `Bearer ${v}` })),
        latin1Header(4000).map((v) => ({ 'X-Auth-Token': v })),
      ),
    },
  );
}

/** Header values a client can legally send: tab, printable ASCII and Latin-1 (no NUL or newline). */
function latin1Header(maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })), { maxLength })
    .map((codes) => String.fromCharCode(...codes).trim() || 'x');
}

const extraHeaders = fc.oneof(
  { weight: 5, arbitrary: fc.constant<[string, string | string[]][]>([]) },
  {
    weight: 3,
    arbitrary: fc.array(
      fc.tuple(
        fc.constantFrom(
          'X-Request-Id',
          'X-Forwarded-For',
          'X-Forwarded-Proto',
          'Sec-Fetch-Site',
          'Origin',
          'User-Agent',
          'Accept',
          'Content-Encoding',
          'X-Anything',
          'If-None-Match',
          'Range',
        ),
        fc.oneof(
          latin1Header(8000),
          fc.constantFrom('gzip', 'br', 'deflate', 'identity, gzip', 'x-unknown', 'cross-site', 'null', 'bytes=0-1'),
          fc.array(latin1Header(200), { minLength: 2, maxLength: 40 }),
        ),
      ),
      { maxLength: 4 },
    ),
  },
);

const snapshot = async (t: TestApp) => {
  const db = (t.store as KyselyStore).db;
  const users = await db.selectFrom('users').selectAll().orderBy('id').execute();
  // Last use is bookkeeping written by successful token uses, not a change a request asked for.
  const tokens = await db
    .selectFrom('auth_tokens')
    .select(['id', 'user_id', 'name', 'description', 'hint', 'digest', 'created_at', 'expires_at', 'regenerated_at'])
    .orderBy('id')
    .execute();
  return createHash('sha256')
    .update(JSON.stringify([users, tokens]))
    .digest('hex');
};

describe('hostile input against every API route', () => {
  let t: TestApp;
  let server: http.Server;
  let f: Fixture;
  const routes = [...ROUTES];

  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      TESSERA_ACCESS_LOG: 'errors',
      TESSERA_LOG_LEVEL: 'warn',
      TESSERA_LAST_USED_FLUSH_MS: '3600000',
      // The token-failure throttle has its own test; here it would hide every later token request behind 429.
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '100000000',
    });
    // One in-process listener on loopback instead of supertest opening one per request.
    server = http.createServer(t.tessera.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const victimId = await t.createUser('victim');
    const victim = await t.signIn('victim', 'victim-password-123');
    const token = await t.createToken(victim);
    const signIn = await request(server)
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    const adminCookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const spare = await request(server)
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    const spareCookie = String(spare.headers['set-cookie']).split(';')[0]!;
    f = {
      adminId: signIn.body.user.id,
      victimId,
      tokenId: token.id,
      adminCookie,
      spareCookie,
      victimToken: token.token,
    };
    const openapi = await request(server).get('/api/openapi.json').set('Cookie', adminCookie);
    if (openapi.status === 200 && openapi.body?.paths) {
      const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
      for (const [p, ops] of Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>)) {
        for (const m of Object.keys(ops)) {
          const method = m.toUpperCase() as Method;
          if (!['GET', 'POST', 'PATCH', 'DELETE', 'PUT'].includes(method)) continue;
          const path = p.replace(/\{[^}]*user[^}]*\}/i, '{uid}').replace(/\{[^}]+\}/g, '{tid}');
          if (!known.has(`${method} ${path}`)) routes.push({ method, path, body: { description: 'x' } });
          known.add(`${method} ${path}`);
        }
      }
    }
  });

  /** Puts back what a successful generated request took away (the admin session, the victim's token or account). */
  async function repair(route: Route, tid: string, res: request.Response): Promise<string> {
    const key = `${route.method} ${route.path}`;
    const admin = (r: request.Test) => r.set(SAME_ORIGIN).set('Cookie', f.adminCookie);
    if (key.endsWith('/regenerate') && res.status === 200 && res.body.id === f.tokenId) f.victimToken = res.body.token;
    if (key === 'DELETE /api/users/{uid}/auth-tokens/{tid}' && res.status === 204 && tid === f.tokenId) {
      const created = await admin(request(server).post(`/api/users/${f.victimId}/auth-tokens`)).send({
        description: 'replacement',
      });
      f.tokenId = created.body.id;
      f.victimToken = created.body.token;
    }
    if (key === 'PATCH /api/users/{uid}' && res.status === 200 && res.body.id === f.victimId) {
      await admin(request(server).patch(`/api/users/${f.victimId}`)).send({
        disabled: false,
        apiTokensEnabled: true,
      });
    }
    return snapshot(t);
  }

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it(`answers ${RUNS} generated requests with no 5xx, problem+json errors and no state change on refusal`, async () => {
    const byStatus = new Map<number, number>();
    const byRoute = new Map<string, number>();
    const failures: string[] = [];
    let requests = 0;
    let refusedUnchanged = 0;
    let before = await snapshot(t);
    const port = (server.address() as AddressInfo).port;

    const arb = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        uid: idArb(),
        tid: idArb(),
        body: bodyArb(route),
        contentType: contentTypes,
        credential: credentialArb(),
        origin: fc.oneof(
          { weight: 8, arbitrary: fc.constant<Record<string, string>>(SAME_ORIGIN) },
          { weight: 2, arbitrary: fc.constantFrom<Record<string, string>>({}, { 'Sec-Fetch-Site': 'cross-site' }) },
        ),
        headers: extraHeaders,
        query: fc.oneof(
          { weight: 6, arbitrary: fc.constant('') },
          {
            weight: 2,
            arbitrary: fc
              .array(
                fc.tuple(
                  fc.constantFrom('limit', 'cursor', 'search', 'user', 'action', 'since', 'until', 'format', 'x'),
                  hostileStrings,
                ),
                { maxLength: 4 },
              )
              .map((kv) => '?' + kv.map(([k, v]) => `${k}=${encodeURIComponent(v.slice(0, 2000))}`).join('&')),
          },
          { weight: 1, arbitrary: fc.constantFrom('?limit=1&limit=2', '?cursor[a]=b', '?format=xml', '?since=%00') },
        ),
      }),
    );

    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        // A Map, not an object: generated ids such as "valueOf" must not find Object.prototype.
        const known = new Map([
          ['@@admin', f.adminId],
          ['@@victim', f.victimId],
          ['@@token', f.tokenId],
        ]);
        const tid = known.get(c.tid) ?? c.tid;
        const path = c.route.path.replace('{uid}', known.get(c.uid) ?? c.uid).replace('{tid}', tid) + c.query;
        let req = request(`http://127.0.0.1:${port}`)[c.route.method.toLowerCase() as 'get'](path);
        const credential = Object.fromEntries(
          Object.entries(c.credential).map(([k, v]) => [
            k,
            v
              // Signing out is sent with a spare session, so the admin's own survives (sign-in is throttled).
              .replace(
                ADMIN_COOKIE,
                c.route.path === '/api/session' && c.route.method === 'DELETE' ? f.spareCookie : f.adminCookie,
              )
              .replace(VICTIM_TOKEN, f.victimToken)
              .replace(VICTIM_BASIC, Buffer.from(`victim:${f.victimToken}`).toString('base64')),
          ]),
        );
        req = req.set(c.origin).set(credential);
        for (const [k, v] of c.headers) req = req.set(k, v as string);
        if (c.body.raw !== undefined) {
          if (c.contentType) req = req.set('Content-Type', c.contentType);
          req = req.send(typeof c.body.raw === 'function' ? c.body.raw() : c.body.raw);
        }
        const res = await req.ok(() => true).catch((err: Error) => err);
        requests++;
        const label = `${c.route.method} ${c.route.path}`;
        byRoute.set(label, (byRoute.get(label) ?? 0) + 1);
        if (res instanceof Error) {
          // The server may cut an oversized upload short once it has answered 413; that is a refusal, not a crash.
          if (!/ECONNRESET|EPIPE|socket hang up|aborted/.test(res.message) || c.body.kind !== 'oversize')
            failures.push(`${label} ${c.body.kind}: client error ${res.message}`);
        } else {
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          const where = `${c.route.method} ${path.slice(0, 120)} [${c.body.kind}, ${c.contentType}] → ${res.status}`;
          if (res.status >= 500) failures.push(`5xx: ${where} ${res.text?.slice(0, 200)}`);
          if (res.headers['x-powered-by']) failures.push(`X-Powered-By: ${where}`);
          // The console is same-origin: no route may open itself to other origins.
          if (res.headers['access-control-allow-origin']) failures.push(`CORS header: ${where}`);
          if (res.status >= 400 && res.status !== 431 && c.route.method !== 'HEAD') {
            const problem = errorFormatProblem(path, String(res.headers['content-type']), res.body, res.status);
            if (problem) failures.push(`${problem}: ${where} ${res.text?.slice(0, 120)}`);
          }
          if (res.status !== 201 && res.status !== 200 && res.text?.includes(f.victimToken))
            failures.push(`secret echoed: ${where}`);
        }
        const after = await snapshot(t);
        const refused = res instanceof Error || res.status >= 400;
        if (refused && after !== before) failures.push(`state changed by a refused request: ${label} ${c.body.kind}`);
        if (refused) refusedUnchanged++;
        if (!(res instanceof Error)) before = await repair(c.route, tid, res);
        else before = after;
        if (failures.length > 0) throw new Error(failures.slice(0, 5).join('\n'));
      }),
      // HOSTILE_SEED replays a reported failure exactly.
      {
        numRuns: RUNS,
        endOnFailure: true,
        ...(process.env.HOSTILE_SEED ? { seed: Number(process.env.HOSTILE_SEED) } : {}),
      },
    );

    const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
    console.log(
      `hostile input: ${requests} requests over ${byRoute.size} routes; 5xx: 0; refused without state change: ` +
        `${refusedUnchanged}; statuses ${statuses.join(' ')}`,
    );
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(RUNS);
    // Every route is reached in a full run; a short local run (HOSTILE_RUNS) may miss a few.
    if (RUNS >= 5_000)
      for (const route of routes) expect(byRoute.get(`${route.method} ${route.path}`) ?? 0).toBeGreaterThan(0);
    expect(t.logs.text).not.toContain(f.victimToken);
  }, 600_000);
});
