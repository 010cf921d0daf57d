import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute, ScopeRequirement } from '../http/route.js';
import { digestToken, generateToken, tokenHint } from '../lib/token-format.js';
import { everyRoute } from '../openapi/every-route.js';
import { adminKeystoneToken, clientCredentialsGrant } from '../test-support/credential-requests.js';
import { newToken } from '../test-support/store-fixtures.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { SCOPE_NAMES, type ScopeName } from './vocabulary.js';

// Issue 18's route test matrix: every route a credential calls refuses every credential kind that can lack a scope
// (an auth token with a scope list, an OAuth 2.0 access token) without the scope it needs — 403 insufficient_scope
// with RFC 6750's challenge — and lets it through with exactly that scope. The cases come from the route list, so a
// new route is covered (or fails here) without editing this file.

const ISSUER = 'http://tessera.test';
const BOOTSTRAP = 'bootstrap-token-for-the-scope-matrix-0123456789';
const OTHER_PASSWORD = 'other-password-123';

type Need = ScopeName | 'full-access';
type KindName = 'auth token' | 'OAuth 2.0 access token';

/** One call of a route: whose `{userId}` it names and the scope that call needs. */
interface Case {
  route: AnyRoute;
  /** `{userId}`: the caller (`me`) or another user; a route with one scope names the other user, if anyone. */
  whose: 'own' | 'others';
  need: Need;
  /** The route needs one scope whoever it names. */
  single?: true;
}

/** The cases of one route: one, or own and others (route.ts ScopeRequirement). */
function casesOf(r: AnyRoute): Case[] {
  const need = r.scope as ScopeRequirement;
  if (typeof need === 'string') return [{ route: r, whose: 'others', need, single: true }];
  return [
    { route: r, whose: 'own', need: need.own },
    { route: r, whose: 'others', need: need.others },
  ];
}

const scoped = (r: AnyRoute) => (r.auth === 'any' || r.auth === 'token-only') && r.scope !== undefined;
const label = (c: Case) =>
  `${c.route.method.toUpperCase()} ${c.route.path} (${c.single ? '' : `${c.whose}: `}${c.need})`;
const allBut = (n: ScopeName) => SCOPE_NAMES.filter((s) => s !== n);

/** What a credential kind holds, made once per backend. */
interface Credentials {
  /** Every scope except the one named; for 'full-access': every scope listed (which is still not full access). */
  without(need: Need): string;
  /** Exactly the scope named; undefined when this kind can't hold it (an OAuth 2.0 token is never full access). */
  exactly(need: Need): string | undefined;
}

/** The code a surface's error body carries: problem+json, GoodData's JSON:API errors, Keystone's numeric code. */
function errorCode(res: Response): string | number | undefined {
  const b = res.body as {
    code?: string;
    errors?: { code?: string }[];
    error?: { code?: number; message?: string };
  };
  return b?.code ?? b?.errors?.[0]?.code ?? b?.error?.code;
}

describe.each(backends)('route scope matrix (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let adminId: string;
  let otherId: string;
  let keystoneToken: string;
  const kinds = new Map<KindName, Credentials>();
  /** Path parameters per whose: real ids of an existing user, token and client. */
  const ids: Record<'own' | 'others', Record<string, string>> = { own: {}, others: {} };
  let cases: Case[];

  /** An auth token made in the store directly (the API's never-broader rules are tested elsewhere). */
  const mint = async (userId: string, scopes: readonly string[] | null, description = 'matrix') => {
    const secret = generateToken();
    const row = newToken(userId, { description, hint: tokenHint(secret), digest: digestToken(secret), scopes });
    const created = await t.store.authTokens.create(row, 1000);
    if (typeof created === 'string') throw new Error(created);
    return { id: created.id, secret };
  };

  beforeAll(async () => {
    t = await startTestApp(kind, {
      TESSERA_PUBLIC_URL: ISSUER,
      TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP,
      TESSERA_DOMAIN_NAME: 'Default',
      // The matrix's own tokens are many; a create that succeeds must not meet the per-user limit instead.
      TESSERA_MAX_TOKENS_PER_USER: '100',
      // OpenID Connect sign-in's routes are served too (they take no credential; the provider is never reached).
      TESSERA_OIDC_ISSUER: 'http://127.0.0.1:9',
      TESSERA_OIDC_CLIENT_ID: 'tessera',
      TESSERA_OIDC_CLIENT_SECRET: 'unused-secret',
    });
    // The cases cover every route the server can serve: this app must serve them all.
    const every = (await everyRoute()).all().map((r) => `${r.method} ${r.path}`);
    expect(t.tessera.routes.all().map((r) => `${r.method} ${r.path}`)).toEqual(every);
    cases = t.tessera.routes.all().filter(scoped).flatMap(casesOf);

    admin = await t.signIn();
    adminId = (await admin.get('/api/whoami')).body.id as string;
    // Another user, an ordinary one: an administrator's credential names them for `others`.
    otherId = await t.createUser('other', { password: OTHER_PASSWORD });
    for (const [whose, userId] of [
      ['own', adminId],
      ['others', otherId],
    ] as const) {
      const target = await mint(userId, null, `${whose} target`);
      // GoodData's paths get a token of their own: the native routes' DELETE has removed the first by then.
      const gooddataTarget = await mint(userId, null, `${whose} GoodData target`);
      const client = await admin
        .post(`/api/users/${userId}/oauth2-client-credentials`)
        .set(SAME_ORIGIN)
        .send({ name: `${whose} target`, scopes: [{ audience: ISSUER, scope: 'profile:read' }] });
      expect(client.status, JSON.stringify(client.body)).toBe(201);
      ids[whose] = {
        // `me` for one's own, as the console calls it; GoodData paths name users by id or username.
        userId: whose === 'own' ? 'me' : userId,
        tokenId: target.id,
        id: gooddataTarget.id,
        clientId: client.body.id as string,
        sessionId: 'no-such-session',
        webhookId: 'no-such-webhook',
        deliveryId: 'no-such-delivery',
        // Issue 21: an unknown project is a 404 past the scope check, which is all this tests (Keystone's and the
        // console's project routes alike).
        projectId: 'no-such-project',
        roleId: 'member',
        role: 'member',
        serviceAccountId: 'no-such-service-account',
        // Issue 21, point 3: an application credential id no one has (32 hexadecimal characters, its shape).
        credentialId: 'f'.repeat(32),
      };
    }

    // Auth tokens of the administrator: all but one scope, exactly one, all six listed, full access.
    const tokens = new Map<string, string>();
    for (const n of SCOPE_NAMES) {
      tokens.set(`without ${n}`, (await mint(adminId, allBut(n))).secret);
      tokens.set(`exactly ${n}`, (await mint(adminId, [n])).secret);
    }
    const six = (await mint(adminId, SCOPE_NAMES)).secret;
    const full = (await mint(adminId, null)).secret;
    kinds.set('auth token', {
      without: (n) => (n === 'full-access' ? six : tokens.get(`without ${n}`)!),
      exactly: (n) => (n === 'full-access' ? full : tokens.get(`exactly ${n}`)!),
    });

    // OAuth 2.0 access tokens of the administrator's client holding all six of Tessera's scopes, each asked for a
    // subset at the token endpoint (`<issuer>/<name>`).
    const client = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'matrix', scopes: SCOPE_NAMES.map((scope) => ({ audience: ISSUER, scope })) });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    const access = async (names: readonly string[]) => {
      const res = await clientCredentialsGrant(
        t.http,
        client.body as { id: string; secret: string },
        names.map((n) => `${ISSUER}/${n}`).join(' '),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.access_token as string;
    };
    const jwts = new Map<string, string>();
    for (const n of SCOPE_NAMES) {
      jwts.set(`without ${n}`, await access(allBut(n)));
      jwts.set(`exactly ${n}`, await access([n]));
    }
    const sixJwt = await access(SCOPE_NAMES);
    kinds.set('OAuth 2.0 access token', {
      without: (n) => (n === 'full-access' ? sixJwt : jwts.get(`without ${n}`)!),
      exactly: (n) => (n === 'full-access' ? undefined : jwts.get(`exactly ${n}`)!),
    });

    // A Keystone token of the administrator: the subject of the /v3 calls, and a full-access credential itself.
    keystoneToken = await adminKeystoneToken(t.http);
  });
  afterAll(async () => t?.close());

  /** Calls a case's route with a bearer credential: path parameters filled, a minimal body. */
  const call = (c: Case, bearer: string) => {
    const path = c.route.path.replace(/\{(\w+)\}/g, (_m, p: string) => {
      const v = ids[c.whose][p];
      if (v === undefined) throw new Error(`no value for {${p}} in ${c.route.path}`);
      return encodeURIComponent(v);
    });
    let req = t.http[c.route.method](path).set('Authorization', `Bearer ${bearer}`);
    if (c.route.path.startsWith('/v3/')) req = req.set('X-Subject-Token', keystoneToken);
    return c.route.request?.body ? req.send({}) : req;
  };

  it('has a case for every scoped route, own and others apart', () => {
    expect(cases.length).toBeGreaterThan(50);
    const needs = new Set(cases.map((c) => c.need));
    for (const n of [...SCOPE_NAMES, 'full-access']) expect(needs, n).toContain(n);
  });

  // Sessions, Keystone and bootstrap tokens are full access: they pass the scope check everywhere.
  it('a session passes an administrator’s route', async () => {
    expect((await admin.get('/api/activity')).status).toBe(200);
  });
  it('a Keystone token passes an administrator’s route', async () => {
    expect((await t.http.get('/api/users').set('X-Auth-Token', keystoneToken)).status).toBe(200);
  });
  it('the bootstrap token passes another user’s GoodData tokens', async () => {
    const res = await t.http
      .get(`/api/v1/entities/users/${otherId}/apiTokens`)
      .set('Authorization', `Bearer ${BOOTSTRAP}`);
    expect(res.status).toBe(200);
  });

  it('refuses a scoped token the same in every header it may come in (Bearer, SSWS, Basic, X-Auth-Token)', async () => {
    const token = kinds.get('auth token')!.without('admin:read');
    const basic = 'Basic ' + Buffer.from(`admin:${token}`).toString('base64');
    for (const [header, value] of [
      ['Authorization', `Bearer ${token}`],
      ['Authorization', `SSWS ${token}`],
      ['Authorization', basic],
      ['X-Auth-Token', token],
    ] as const) {
      const res = await t.http.get('/api/users').set(header, value);
      expect(res.status, value.split(' ')[0]).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="tessera", error="insufficient_scope", scope="admin:read"',
      );
    }
  });

  // The order of the checks (docs/decisions/0006-scopes-and-networks.md): 401, then the scope, then the input, and
  // the role (is this an administrator's route?) after the scope.
  describe('the scope is checked after authentication, before the input and before the role', () => {
    it('a bad credential is 401 whatever the scope, and a known one without the scope is 403 even with bad input', async () => {
      expect((await t.http.get('/api/users').set('Authorization', 'Bearer tsr_not-a-real-token')).status).toBe(401);
      const readOnly = kinds.get('auth token')!.exactly('profile:read')!;
      const bad = await t.http
        .post('/api/users/me/auth-tokens')
        .set('Authorization', `Bearer ${readOnly}`)
        .send({ description: 42 });
      expect(bad.status).toBe(403);
      expect(bad.body.code).toBe('insufficient_scope');
      const writer = kinds.get('auth token')!.exactly('tokens:write')!;
      const invalid = await t.http
        .post('/api/users/me/auth-tokens')
        .set('Authorization', `Bearer ${writer}`)
        .send({ description: 42 });
      expect(invalid.status).toBe(400);
    });

    it('a non-administrator’s full-access token on an administrator’s route: 403 forbidden (the role), not insufficient_scope', async () => {
      const full = (await mint(otherId, null)).secret;
      const res = await t.http.get('/api/users').set('Authorization', `Bearer ${full}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('a non-administrator’s token without the scope: insufficient_scope first; with it (stored by hand): the role', async () => {
      const narrow = (await mint(otherId, ['profile:read'])).secret;
      const scopeFirst = await t.http.get('/api/users').set('Authorization', `Bearer ${narrow}`);
      expect(scopeFirst.status).toBe(403);
      expect(scopeFirst.body.code).toBe('insufficient_scope');
      // The API never issues an administrator's scope to a user (credential-issuing.ts); the store takes it, and the
      // role still refuses.
      const adminScoped = (await mint(otherId, ['admin:read'])).secret;
      const roleAfter = await t.http.get('/api/users').set('Authorization', `Bearer ${adminScoped}`);
      expect(roleAfter.status).toBe(403);
      expect(roleAfter.body.code).toBe('forbidden');
    });
  });

  it('refuses every credential kind without the needed scope: 403 insufficient_scope and the challenge', async () => {
    const failures: string[] = [];
    for (const c of cases)
      for (const [name, cred] of kinds) {
        const res = await call(c, cred.without(c.need));
        const challenge = String(res.headers['www-authenticate'] ?? '');
        const code = errorCode(res);
        // Keystone's error body has a numeric code only, its message naming the scope; HEAD has no body.
        const coded =
          c.route.method === 'head'
            ? true
            : c.route.path.startsWith('/v3/')
              ? code === 403 && String(res.body?.error?.message).includes(c.need)
              : code === 'insufficient_scope';
        if (
          res.status !== 403 ||
          !coded ||
          !challenge.includes('error="insufficient_scope"') ||
          !challenge.includes(`scope="${c.need}"`)
        )
          failures.push(`${label(c)} ${name}: ${res.status} ${String(code)} [${challenge}]`);
      }
    expect(failures).toEqual([]);
  });

  // After every refusal: the calls with the scope change things (a 400 for the minimal body is a pass too).
  it('lets every credential kind through with exactly the needed scope (a full-access token where that is needed)', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const c of cases)
      for (const [name, cred] of kinds) {
        const bearer = cred.exactly(c.need);
        if (bearer === undefined) continue;
        calls++;
        const res = await call(c, bearer);
        // Only the route's own refusal fails here: the one naming the scope it needs. A handler's 403 after the
        // check may be a rule of its own (a policy; never handing a broader credential's power to a narrower one,
        // which is insufficient_scope too but names what the target holds beyond the requester, e.g. full-access).
        const challenge = String(res.headers['www-authenticate'] ?? '');
        const scopeRefusal =
          challenge.includes('error="insufficient_scope"') && challenge.includes(`scope="${c.need}"`);
        if (res.status === 401 || scopeRefusal)
          failures.push(`${label(c)} ${name}: ${res.status} ${String(errorCode(res))}`);
      }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(cases.length);
  });
});
