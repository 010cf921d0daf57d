import { Validator } from '@seriousme/openapi-schema-validator';
import type { Router } from 'express';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../scopes/vocabulary.js';
import { ADMIN_PASSWORD, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';

interface LayerLike {
  rawPath?: unknown;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

const toTemplate = (p: string) => p.replace(/:(\w+)/g, '{$1}');
const join = (prefix: string, p: string) => (p === '/' ? prefix || '/' : prefix + p);

/** Every method and path the Express app really serves, found by walking the router stacks. */
function servedRoutes(stack: LayerLike[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths)
        for (const m of Object.keys(layer.route.methods).filter((m) => m !== '_all'))
          out.push(`${m} ${toTemplate(join(prefix, p))}`);
    } else if (layer.handle?.stack) {
      const raw = layer.rawPath ?? '/';
      for (const p of Array.isArray(raw) ? (raw as string[]) : [raw as string])
        out.push(...servedRoutes(layer.handle.stack, join(prefix, p === '/' ? '' : p)));
    }
  }
  return out;
}

const BOOTSTRAP = 'bootstrap-token-for-openapi-tests-0123456789';

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties?: object }> };
  } & Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP,
      TESSERA_DOMAIN_NAME: 'Default',
      // OpenID Connect sign-in on, its provider unreachable (port 9, discard: nothing listens on loopback).
      TESSERA_OIDC_ISSUER: 'http://127.0.0.1:9',
      TESSERA_OIDC_CLIENT_ID: 'tessera',
      TESSERA_OIDC_CLIENT_SECRET: 'unused-secret',
    });
    const res = await t.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => t.close());

  it('validates as OpenAPI 3.1 with a standard validator', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the server registers, and nothing it does not serve', () => {
    const served = new Set(servedRoutes((t.tessera.app as unknown as { router: Router }).router.stack as LayerLike[]));
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
    expect(documented.size).toBeGreaterThan(25);
  });

  it('names a component schema for every resource and refers to it from every answer that carries one', () => {
    const components = doc.components.schemas;
    for (const name of [
      'AuthToken',
      'NewAuthToken',
      'AuthTokenList',
      'User',
      'UserPage',
      'Problem',
      'Session',
      'WhoAmI',
      'OAuth2Client',
      'NewOAuth2Client',
      'OAuth2ClientList',
      'ActivityEvent',
      'ActivityPage',
      'GoodDataApiTokenDocument',
      'GoodDataApiTokenList',
      'JsonApiErrors',
      'KeystoneToken',
      'KeystoneError',
      'OAuth2TokenResponse',
      'OAuth2Introspection',
      'OAuth2Error',
      'ActivityAction',
      'UnlockResult',
      'Administrators',
      'CredentialCreator',
      'UserStatus',
      'Notification',
      'NotificationPage',
    ])
      expect(components, name).toHaveProperty(name);
    const inline: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops as Record<string, { tags: string[]; responses: object }>)) {
        if (op.tags[0] === 'Service') continue;
        for (const [status, res] of Object.entries(op.responses as Record<string, { content?: object }>))
          for (const media of Object.values(res.content ?? {}) as { schema: { $ref?: string } }[])
            if (!media.schema.$ref) inline.push(`${method} ${path} ${status}`);
      }
    expect(inline).toEqual([]);
  });

  it('documents SSWS as a fourth token scheme, offered wherever bearer is', () => {
    const { securitySchemes } = doc.components as unknown as { securitySchemes: Record<string, unknown> };
    expect(securitySchemes.ssws).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    const whoami = doc.paths['/api/whoami']!.get as { security: Record<string, unknown>[] };
    expect(whoami.security.map((s) => Object.keys(s)[0])).toEqual([
      'bearer',
      'xAuthToken',
      'ssws',
      'basic',
      'oauth2',
      'session',
    ]);
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops as Record<string, { security?: Record<string, unknown>[] }>)) {
        const names = (op.security ?? []).flatMap((s) => Object.keys(s));
        expect(names.includes('ssws')).toBe(names.includes('bearer'));
      }
  });

  it('lists Tessera’s scopes in an oauth2 scheme (client credentials) with their descriptions', () => {
    const { securitySchemes } = doc.components as unknown as { securitySchemes: Record<string, unknown> };
    expect(securitySchemes.oauth2).toEqual({
      type: 'oauth2',
      description: expect.stringContaining('<issuer>/<name>'),
      flows: {
        clientCredentials: {
          tokenUrl: '/oauth2/v1/token',
          scopes: Object.fromEntries(SCOPES.map((s) => [s.name, s.description])),
        },
      },
    });
  });

  it('states the scope of every operation a credential calls: security per operation, description, 403 challenge', () => {
    type Op = {
      security: Record<string, string[]>[];
      description?: string;
      'x-tessera-scope'?: unknown;
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    const op = (method: string, path: string) => doc.paths[path]![method] as Op;
    const failures: string[] = [];
    for (const r of t.tessera.routes.all()) {
      const o = op(r.method, r.path);
      const name = `${r.method} ${r.path}`;
      if (r.auth !== 'any' && r.auth !== 'token-only') {
        if (o['x-tessera-scope'] !== undefined) failures.push(`${name}: a scope on a ${r.auth} route`);
        continue;
      }
      const need = r.scope;
      if (!need) {
        failures.push(`${name}: no scope`);
        continue;
      }
      expect(o['x-tessera-scope'], name).toEqual(need);
      expect(o.description, name).toContain('**Scope:**');
      expect(Object.keys(o.responses[403]?.headers ?? {}), name).toContain('WWW-Authenticate');
      const needs = typeof need === 'string' ? [need] : [need.own, need.others];
      // Every token scheme and, unless full access is needed, the oauth2 scheme, with exactly the needed scope.
      for (const n of needs)
        for (const scheme of ['bearer', 'xAuthToken', 'ssws', 'basic', ...(n === 'full-access' ? [] : ['oauth2'])])
          if (!o.security.some((s) => s[scheme]?.length === 1 && s[scheme][0] === n))
            failures.push(`${name}: ${scheme} without ${n}`);
      // Nothing else: a requirement names one scope the route declares, or is the session's (every scope).
      for (const s of o.security)
        for (const [scheme, roles] of Object.entries(s))
          if (scheme === 'session' ? roles.length : roles.length !== 1 || !needs.includes(roles[0] as never))
            failures.push(`${name}: ${scheme} ${JSON.stringify(roles)}`);
      if (needs.includes('full-access') && o.security.some((s) => s.oauth2?.includes('full-access')))
        failures.push(`${name}: an OAuth 2.0 access token is never full access`);
    }
    expect(failures).toEqual([]);

    const whoami = op('get', '/api/whoami');
    expect(whoami.security).toEqual([
      { bearer: ['profile:read'] },
      { xAuthToken: ['profile:read'] },
      { ssws: ['profile:read'] },
      { basic: ['profile:read'] },
      { oauth2: ['profile:read'] },
      { session: [] },
    ]);
    // Own and others: both alternatives, in the requirements and in a sentence.
    const list = op('get', '/api/users/{userId}/auth-tokens');
    expect(list.security).toContainEqual({ oauth2: ['tokens:read'] });
    expect(list.security).toContainEqual({ oauth2: ['admin:read'] });
    expect(list.description).toContain('`tokens:read` for your own');
    expect(list.description).toContain('`admin:read` for another user’s');
    // Full access: no OAuth 2.0 alternative, and said in words.
    const password = op('post', '/api/users/me/password');
    expect(password.security).toEqual([
      { bearer: ['full-access'] },
      { xAuthToken: ['full-access'] },
      { ssws: ['full-access'] },
      { basic: ['full-access'] },
      { session: [] },
    ]);
    expect(password.description).toContain('a full-access credential');
    // A surface whose 401 is its own format answers its 403 in the same one.
    const keystone = op('get', '/v3/auth/tokens') as unknown as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    expect(keystone.responses['403']!.content).toEqual(keystone.responses['401']!.content);
  });

  it('lists every recorded action in the ActivityAction enum, and the activity filters take it', () => {
    const action = doc.components.schemas.ActivityAction as { enum: string[] };
    expect(action.enum).toContain('oauth2_client.reset_secret');
    expect(action.enum).toContain('keystone.token.issue');
    const list = doc.paths['/api/activity']!.get as { parameters: { name: string; schema: { $ref?: string } }[] };
    expect(list.parameters.find((p) => p.name === 'action')?.schema.$ref).toBe('#/components/schemas/ActivityAction');
  });

  it('derives request schemas from the validating zod schemas', () => {
    const createToken = doc.paths['/api/users/{userId}/auth-tokens']!.post as {
      requestBody: { content: Record<string, { schema: { $ref: string } }> };
    };
    expect(createToken.requestBody.content['application/json']!.schema.$ref).toBe(
      '#/components/schemas/CreateAuthToken',
    );
    expect(Object.keys(doc.components.schemas.CreateAuthToken!.properties!)).toEqual([
      'description',
      'expiresAt',
      'scopes',
      'allowedNetworks',
      'projects',
    ]);
    const gd = doc.paths['/api/v1/entities/users/{userId}/apiTokens']!.post as {
      requestBody: { content: Record<string, unknown> };
    };
    expect(Object.keys(gd.requestBody.content)).toEqual(['application/vnd.gooddata.api+json', 'application/json']);
  });

  it('matches every recorded response of a real session against its documented schema', async () => {
    const records: { method: string; path: string; status: number; type: string; body: unknown }[] = [];
    const rec = async (req: Test) => {
      const res = await req;
      const { method, url } = req as unknown as { method: string; url: string };
      const type = String(res.headers['content-type'] ?? '');
      const body = res.text && /json/.test(type) ? JSON.parse(res.text) : undefined;
      records.push({ method, path: new URL(url).pathname, status: res.status, type, body });
      return res;
    };
    const http = t.http;
    const admin = await t.signIn();
    await rec(http.get('/api/health'));
    await rec(http.get('/api/ready'));
    await rec(http.get('/api/features'));
    await rec(http.get('/api/openapi.json'));
    await rec(http.get('/api/scopes'));
    await rec(http.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: 'wrong-password-x' }));
    await rec(admin.get('/api/session'));
    await rec(http.get('/api/session/oidc/start?returnTo=/settings').set('Accept', 'application/json'));
    await rec(http.get('/api/session/oidc/start').set('Accept', 'text/html'));
    await rec(http.get('/api/session/oidc/callback?code=c&state=s').set('Accept', 'application/json'));
    await rec(http.get('/api/session/oidc/callback?error=access_denied'));
    await rec(admin.get('/api/whoami'));
    // Issue 20, point 5: the public leak report — its one answer, and a bad body.
    await rec(http.post('/api/credentials/revoke').send({ tokens: ['not-a-token'], source: 'a paste site' }));
    await rec(http.post('/api/credentials/revoke').send({ tokens: [] }));
    const userId = (
      await rec(admin.post('/api/users').set(SAME_ORIGIN).send({ username: 'jane', password: 'jane-password-123' }))
    ).body.id as string;
    await rec(admin.post('/api/users').set(SAME_ORIGIN).send({ username: 'jane', password: 'jane-password-123' }));
    await rec(admin.get('/api/users?limit=5'));
    await rec(admin.get('/api/users?role=admin&status=active'));
    await rec(admin.get('/api/users?status=locked'));
    // The service-account owner picker's query: enabled people matching what was typed.
    await rec(admin.get('/api/users?kind=person&status=enabled&search=ja&limit=10'));
    await rec(admin.get('/api/users?status=sleeping'));
    await rec(admin.get('/api/administrators'));
    await rec(admin.get(`/api/users/${userId}`));
    await rec(admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ displayName: 'Jane' }));
    await rec(admin.post(`/api/users/${userId}/unlock`).set(SAME_ORIGIN));
    await rec(admin.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password: 'wrong-password-x' }));
    await rec(admin.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password: ADMIN_PASSWORD }));
    await rec(admin.post('/api/session/reauthenticate/webauthn-options').set(SAME_ORIGIN));
    await rec(admin.get('/api/users/me/sessions'));
    await rec(admin.get(`/api/users/${userId}/sessions`));
    await rec(admin.delete(`/api/users/${userId}/sessions/no-such-session`).set(SAME_ORIGIN));
    await rec(admin.delete(`/api/users/${userId}/sessions`).set(SAME_ORIGIN));
    const tok = (await rec(admin.post(`/api/users/${userId}/auth-tokens`).set(SAME_ORIGIN).send({ description: 'ci' })))
      .body as { id: string; token: string };
    await rec(admin.get(`/api/users/${userId}/auth-tokens`));
    await rec(admin.get(`/api/users/me/auth-tokens/${tok.id}`));
    await rec(admin.get(`/api/users/${userId}/auth-tokens/${tok.id}`));
    // Issue 20: the token's recent clients (one use, by curl, not yet flushed: shown all the same), narrowed.
    await rec(http.get('/api/whoami').set('Authorization', `Bearer ${tok.token}`).set('User-Agent', 'curl/8.5.0'));
    await rec(admin.get(`/api/users/${userId}/auth-tokens/${tok.id}/clients`));
    await rec(admin.get(`/api/users/me/auth-tokens/${tok.id}/clients?sinceDays=7`));
    await rec(admin.get(`/api/users/${userId}/auth-tokens/${tok.id}/clients?sinceDays=31`));
    await rec(admin.patch(`/api/users/${userId}/auth-tokens/${tok.id}`).set(SAME_ORIGIN).send({ description: 'ci 2' }));
    const regenerated = (
      await rec(admin.post(`/api/users/${userId}/auth-tokens/${tok.id}/regenerate`).set(SAME_ORIGIN))
    ).body as { hint: string };
    const delivered = `/api/users/${userId}/auth-tokens/${tok.id}/delivered`;
    await rec(admin.post(delivered).set(SAME_ORIGIN).send({ hint: 'tsr_…zzzz' }));
    await rec(admin.post(delivered).set(SAME_ORIGIN).send({ hint: regenerated.hint }));
    // Issue 20, point 3: a regenerate with a grace window, a refused window, End grace now and its 404.
    const tokenBase = `/api/users/${userId}/auth-tokens/${tok.id}`;
    await rec(admin.post(`${tokenBase}/regenerate`).set(SAME_ORIGIN).send({ graceSeconds: 3600 }));
    await rec(admin.get(tokenBase));
    await rec(admin.post(`${tokenBase}/regenerate`).set(SAME_ORIGIN).send({ graceSeconds: 86_401 }));
    await rec(admin.delete(`${tokenBase}/grace`).set(SAME_ORIGIN));
    await rec(admin.delete(`${tokenBase}/grace`).set(SAME_ORIGIN));
    await rec(admin.post(`/api/users/${userId}/auth-tokens/${tok.id}/suspend`).set(SAME_ORIGIN));
    await rec(admin.get(`/api/users/${userId}/auth-tokens?status=suspended&scope=tokens:read`));
    await rec(admin.get('/api/auth-tokens?status=suspended&sort=owner&limit=5'));
    // H3 (issue 19): the lifecycle policy, its impact preview, a change and a refused inconsistent one.
    await rec(admin.get('/api/policy'));
    await rec(admin.post('/api/policy/impact').set(SAME_ORIGIN).send({ maxLifetimeDays: 30, requireExpiry: true }));
    await rec(admin.patch('/api/policy').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 365 }));
    await rec(admin.patch('/api/policy').set(SAME_ORIGIN).send({ maxLifetimeDays: 30, defaultLifetimeDays: 90 }));
    await rec(http.get('/api/policy'));
    await rec(admin.get(`/api/users/${userId}/auth-tokens?status=paused`));
    await rec(admin.post(`/api/users/${userId}/auth-tokens/${tok.id}/resume`).set(SAME_ORIGIN));
    // Bulk revocation with undo (issue 19, H2): a preview, a revocation, the revoked token as listed, the undo.
    const revocations = '/api/auth-tokens/revocations';
    await rec(
      admin
        .post(`${revocations}?dryRun=true`)
        .set(SAME_ORIGIN)
        .send({ filter: { owner: 'jane' }, reason: 'x' }),
    );
    const revoked = (
      await rec(
        admin
          .post(revocations)
          .set(SAME_ORIGIN)
          .send({ ids: [tok.id], reason: 'leaked' }),
      )
    ).body as { id: string };
    await rec(admin.post(revocations).set(SAME_ORIGIN).send({ reason: 'neither filter nor ids' }));
    await rec(admin.get(`/api/users/${userId}/auth-tokens`));
    await rec(admin.get('/api/auth-tokens?status=revoked'));
    await rec(admin.get(revocations));
    await rec(admin.get(`${revocations}/${revoked.id}`));
    await rec(admin.post(`${revocations}/${revoked.id}/undo`).set(SAME_ORIGIN));
    await rec(admin.post(`${revocations}/${revoked.id}/undo`).set(SAME_ORIGIN));
    await rec(admin.delete(`/api/users/${userId}/auth-tokens/${tok.id}`).set(SAME_ORIGIN));
    await rec(admin.get(`/api/users/${userId}/activity`));
    await rec(admin.get('/api/activity?limit=3'));
    await rec(admin.get('/api/activity?action=auth_token.delete'));
    await rec(admin.get('/api/activity?action=token.nope'));
    await rec(http.get('/api/whoami'));
    // Two-factor authentication (H3): the passkey sign-in steps without a password step first, and the status.
    await rec(http.post('/api/session/webauthn/options').set(SAME_ORIGIN));
    await rec(http.post('/api/session/webauthn').set(SAME_ORIGIN).send({ credential: {} }));
    await rec(admin.get('/api/users/me/mfa'));
    await rec(admin.post('/api/users/me/mfa/totp').set(SAME_ORIGIN));
    await rec(admin.post('/api/users/me/mfa/totp/confirm').set(SAME_ORIGIN).send({ code: '000000' }));
    await rec(admin.delete(`/api/users/${userId}/mfa`).set(SAME_ORIGIN));
    // Notifications (H4): the caller's own, a page, one marked read, another user's (404), bad input, all read.
    const adminId = (await admin.get('/api/whoami')).body.id as string;
    const noticeId = 'openapi-notice';
    await t.store.notifications.add([
      {
        id: noticeId,
        userId: adminId,
        kind: 'token_expiring',
        message: 'Your token “ci” expires in 3 days.',
        link: '/settings/auth-tokens?token=x&action=regenerate',
        tokenId: 'x',
        createdAt: new Date().toISOString(),
        dedupeKey: 'openapi',
      },
    ]);
    await rec(admin.get('/api/users/me/notifications?limit=5'));
    await rec(admin.get('/api/users/me/notifications?cursor=nope'));
    await rec(admin.patch(`/api/users/me/notifications/${noticeId}`).set(SAME_ORIGIN).send({ read: true }));
    await rec(admin.patch('/api/users/me/notifications/someone-elses').set(SAME_ORIGIN).send({ read: true }));
    await rec(admin.patch(`/api/users/me/notifications/${noticeId}`).set(SAME_ORIGIN).send({ read: 'yes' }));
    await rec(admin.post('/api/users/me/notifications/read').set(SAME_ORIGIN));

    // Issue 21, point 5: service accounts.
    const sa = (
      await rec(admin.post('/api/service-accounts').set(SAME_ORIGIN).send({ username: 'svc-openapi', ownerId: userId }))
    ).body as { id: string };
    await rec(admin.post('/api/service-accounts').set(SAME_ORIGIN).send({ username: 'svc-openapi' }));
    await rec(admin.post('/api/service-accounts').set(SAME_ORIGIN).send({ username: 'Not Valid' }));
    await rec(admin.get('/api/service-accounts?search=svc'));
    await rec(admin.get(`/api/service-accounts/${sa.id}`));
    await rec(admin.patch(`/api/service-accounts/${sa.id}`).set(SAME_ORIGIN).send({ description: 'exports' }));
    await rec(admin.post(`/api/service-accounts/${sa.id}/owner`).set(SAME_ORIGIN).send({ ownerId: null }));
    await rec(admin.delete(`/api/service-accounts/${sa.id}`).set(SAME_ORIGIN));
    await rec(admin.get(`/api/service-accounts/${sa.id}`));

    const gd = { Authorization: `Bearer ${BOOTSTRAP}`, 'Content-Type': 'application/vnd.gooddata.api+json' };
    for (const base of ['/api/v1/entities', '/api/entities']) {
      const id = base.includes('v1') ? 'mynewtoken' : 'legacy';
      await rec(http.post(`${base}/users/jane/apiTokens`).set(gd).send(`{"data":{"id":"${id}","type":"apiToken"}}`));
      await rec(http.post(`${base}/users/jane/apiTokens`).set(gd).send(`{"data":{"id":"${id}","type":"apiToken"}}`));
      await rec(http.get(`${base}/users/jane/apiTokens`).set(gd));
      await rec(http.get(`${base}/users/jane/apiTokens/${id}`).set(gd));
      await rec(http.delete(`${base}/users/jane/apiTokens/${id}`).set(gd));
      await rec(http.get(`${base}/users/jane/apiTokens/${id}`).set(gd));
    }

    await rec(http.get('/v3'));
    const password = {
      methods: ['password'],
      password: { user: { name: 'jane', password: 'jane-password-123', domain: { name: 'Default' } } },
    };
    const issued = await rec(
      http.post('/v3/auth/tokens').send({ auth: { identity: password, scope: { domain: { id: 'default' } } } }),
    );
    const ks = issued.headers['x-subject-token'] as string;
    await rec(http.post('/v3/auth/tokens').send({ auth: { identity: password, scope: { project: { name: 'p' } } } }));
    await rec(http.post('/v3/auth/tokens').send({ auth: { identity: { methods: ['token'], token: { id: ks } } } }));
    await rec(http.get('/v3/auth/tokens').set('X-Auth-Token', ks).set('X-Subject-Token', ks));
    await rec(http.head('/v3/auth/tokens').set('X-Auth-Token', ks).set('X-Subject-Token', ks));
    await rec(http.get('/api/whoami').set('X-Auth-Token', ks));
    await rec(http.get('/api/whoami').set('Authorization', `SSWS ${ks}`));
    await rec(http.get('/api/administrators').set('Authorization', `SSWS ${ks}`));
    const again = await http.post('/v3/auth/tokens').send({ auth: { identity: password } });
    const second = again.headers['x-subject-token'] as string;
    await rec(http.delete('/v3/auth/tokens').set('X-Auth-Token', second).set('X-Subject-Token', ks));
    await rec(http.get('/v3/auth/tokens').set('X-Auth-Token', second).set('X-Subject-Token', ks));
    // Issue 21: Keystone's projects, roles and role assignments (an administrator's token), and a project scope.
    const adminIdentity = {
      methods: ['password'],
      password: { user: { name: 'admin', password: ADMIN_PASSWORD, domain: { id: 'default' } } },
    };
    const ksAdmin = (await http.post('/v3/auth/tokens').send({ auth: { identity: adminIdentity } })).headers[
      'x-subject-token'
    ] as string;
    const ka = { 'X-Auth-Token': ksAdmin };
    const project = (
      await rec(
        http
          .post('/v3/projects')
          .set(ka)
          .send({ project: { name: 'eu-de', domain_id: 'default' } }),
      )
    ).body as { project: { id: string } };
    const pid = project.project.id;
    await rec(
      http
        .post('/v3/projects')
        .set(ka)
        .send({ project: { name: 'EU-DE' } }),
    );
    await rec(
      http
        .post('/v3/projects')
        .set(ka)
        .send({ project: { name: '' } }),
    );
    await rec(http.get('/v3/projects?name=eu-de').set(ka));
    await rec(http.get(`/v3/projects/${pid}`).set(ka));
    await rec(
      http
        .patch(`/v3/projects/${pid}`)
        .set(ka)
        .send({ project: { description: 'Frankfurt' } }),
    );
    await rec(http.get('/v3/roles').set(ka));
    await rec(http.get('/v3/roles/member').set(ka));
    await rec(http.get('/v3/roles/owner').set(ka));
    await rec(http.put(`/v3/projects/${pid}/users/${userId}/roles/member`).set(ka));
    await rec(http.head(`/v3/projects/${pid}/users/${userId}/roles/member`).set(ka));
    await rec(http.get(`/v3/projects/${pid}/users/${userId}/roles`).set(ka));
    await rec(http.get(`/v3/role_assignments?scope.project.id=${pid}&include_names`).set(ka));
    await rec(http.get(`/v3/users/${userId}/projects`).set(ka));
    await rec(http.get('/v3/roles').set('X-Auth-Token', second));
    const scoped = await rec(
      http.post('/v3/auth/tokens').send({ auth: { identity: password, scope: { project: { id: pid } } } }),
    );
    const ksProject = scoped.headers['x-subject-token'] as string;
    await rec(http.get('/v3/auth/projects').set('X-Auth-Token', ksProject));
    await rec(http.get('/api/whoami').set('X-Auth-Token', ksProject));
    await rec(http.get('/v3/auth/tokens').set('X-Auth-Token', ksProject).set('X-Subject-Token', ksProject));
    await rec(http.delete(`/v3/projects/${pid}/users/${userId}/roles/member`).set(ka));
    await rec(http.delete(`/v3/projects/${pid}`).set(ka));

    // Issue 21, point 3: application credentials, from the console and from Keystone (a block of its own: the
    // names above are Keystone's project scope's).
    {
      const system = { actor: null, ip: null, userAgent: null, credential: null };
      const project = await t.tessera.services.projects.create(system, { name: 'ac-project' });
      await t.tessera.services.projects.assign(system, project.id, userId, 'member');
      const acBase = `/api/users/${userId}/application-credentials`;
      const ac = (
        await rec(admin.post(acBase).set(SAME_ORIGIN).send({ name: 'ci', projectId: project.id, unrestricted: true }))
      ).body as { id: string; secret: string };
      await rec(admin.get(acBase));
      await rec(admin.get(`${acBase}/${ac.id}`));
      const acIdentity = {
        methods: ['application_credential'],
        application_credential: { id: ac.id, secret: ac.secret },
      };
      const scoped = (await rec(http.post('/v3/auth/tokens').send({ auth: { identity: acIdentity } }))).headers[
        'x-subject-token'
      ] as string;
      const ksBase = `/v3/users/${userId}/application_credentials`;
      const made = (
        await rec(
          http
            .post(ksBase)
            .set('X-Auth-Token', scoped)
            .send({ application_credential: { name: 'k' } }),
        )
      ).body as { application_credential: { id: string } };
      await rec(http.get(`${ksBase}?name=k`).set('X-Auth-Token', scoped));
      await rec(http.get(`${ksBase}/${made.application_credential.id}`).set('X-Auth-Token', scoped));
      await rec(http.delete(`${ksBase}/${made.application_credential.id}`).set('X-Auth-Token', scoped));
      await rec(admin.delete(`${acBase}/${ac.id}`).set(SAME_ORIGIN));
    }

    // OAuth 2.0: the console API, the authorization server's endpoints and the signing key rotation.
    const oauthBase = `/api/users/${userId}/oauth2-client-credentials`;
    const scopes = [{ audience: 'https://api.example.com', scope: 'reports.read' }];
    const client = (
      await rec(admin.post(oauthBase).set(SAME_ORIGIN).send({ name: 'job', description: 'nightly', scopes }))
    ).body as { id: string; secret: string };
    await rec(admin.get(oauthBase));
    await rec(admin.get(`${oauthBase}/${client.id}`));
    await rec(admin.patch(`${oauthBase}/${client.id}`).set(SAME_ORIGIN).send({ description: 'nightly 2' }));
    await rec(admin.post(`${oauthBase}/${client.id}/reset-secret`).set(SAME_ORIGIN).send({ graceSeconds: 900 }));
    await rec(admin.get(oauthBase));
    await rec(admin.post(`${oauthBase}/${client.id}/reset-secret`).set(SAME_ORIGIN).send({ graceSeconds: -1 }));
    await rec(admin.delete(`${oauthBase}/${client.id}/grace`).set(SAME_ORIGIN));
    await rec(admin.delete(`${oauthBase}/${client.id}/grace`).set(SAME_ORIGIN));
    const reset = (await rec(admin.post(`${oauthBase}/${client.id}/reset-secret`).set(SAME_ORIGIN))).body as {
      secret: string;
      secretHint: string;
    };
    await rec(admin.post(`${oauthBase}/${client.id}/delivered`).set(SAME_ORIGIN).send({ hint: reset.secretHint }));
    await rec(admin.post(`${oauthBase}/${client.id}/delivered`).set(SAME_ORIGIN).send({}));
    await rec(admin.post(`${oauthBase}/${client.id}/suspend`).set(SAME_ORIGIN));
    await rec(admin.post(`${oauthBase}/${client.id}/resume`).set(SAME_ORIGIN));
    const basic = 'Basic ' + Buffer.from(`${client.id}:${reset.secret}`).toString('base64');
    const issuedAccess = await rec(
      http.post('/oauth2/v1/token').set('Authorization', basic).type('form').send({ grant_type: 'client_credentials' }),
    );
    const accessToken = (issuedAccess.body as { access_token: string }).access_token;
    await rec(admin.get(`${oauthBase}/${client.id}/clients`));
    await rec(admin.get(`${oauthBase}/${client.id}/clients?sinceDays=0`));
    await rec(http.post('/oauth2/v1/token').type('form').send({ grant_type: 'client_credentials' }));
    await rec(http.post('/oauth2/v1/introspect').set('Authorization', basic).type('form').send({ token: accessToken }));
    await rec(http.post('/oauth2/v1/introspect').set('Authorization', basic).type('form').send({ token: 'nope' }));
    await rec(http.post('/oauth2/v1/revoke').set('Authorization', basic).type('form').send({ token: accessToken }));
    await rec(http.get('/oauth2/v1/keys'));
    await rec(http.get('/.well-known/oauth-authorization-server'));
    await rec(admin.post('/api/oauth2/keys/rotate').set(SAME_ORIGIN));
    await rec(admin.get('/api/oauth2/audiences'));
    await rec(admin.get(`/api/oauth2-client-credentials?owner=${userId}&status=active&sort=-lastUsed&limit=5`));
    await rec(admin.get('/api/oauth2-client-credentials?sort=name'));
    await rec(
      admin.put('/api/oauth2/audiences').set(SAME_ORIGIN).send({ audience: 'https://api.example.com', userId }),
    );
    await rec(admin.delete(`${oauthBase}/${client.id}`).set(SAME_ORIGIN));
    // H5 (issue 19): webhooks — every route, the secret-carrying answers checked against their strict schemas.
    const hook = (
      await rec(
        admin
          .post('/api/webhooks')
          .set(SAME_ORIGIN)
          .send({ url: 'https://hooks.example.com/t?k=1', events: ['auth_token.*'], description: 'SIEM' }),
      )
    ).body as { id: string };
    await rec(
      admin
        .post('/api/webhooks')
        .set(SAME_ORIGIN)
        .send({ url: 'ftp://x', events: ['nope'] }),
    );
    await rec(admin.get('/api/webhooks'));
    await rec(admin.get(`/api/webhooks/${hook.id}`));
    await rec(admin.get('/api/webhooks/no-such-webhook'));
    await rec(admin.patch(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN).send({ enabled: false }));
    await rec(admin.post(`/api/webhooks/${hook.id}/rotate-secret`).set(SAME_ORIGIN));
    const ping = (await rec(admin.post(`/api/webhooks/${hook.id}/test`).set(SAME_ORIGIN))).body as { id: string };
    await rec(admin.get(`/api/webhooks/${hook.id}/deliveries?limit=1`));
    await rec(admin.post(`/api/webhooks/${hook.id}/deliveries/${ping.id}/redeliver`).set(SAME_ORIGIN));
    await rec(admin.delete(`/api/webhooks/${hook.id}`).set(SAME_ORIGIN));
    // Issue 21, point 1: projects and role assignments.
    const consoleProject = (
      await rec(admin.post('/api/projects').set(SAME_ORIGIN).send({ name: 'OpenAPI', description: 'recorded' }))
    ).body as { id: string };
    await rec(admin.post('/api/projects').set(SAME_ORIGIN).send({ name: 'openapi' }));
    await rec(admin.post('/api/projects').set(SAME_ORIGIN).send({ name: '' }));
    await rec(admin.get('/api/projects?search=open&limit=5'));
    await rec(admin.get(`/api/projects/${consoleProject.id}`));
    await rec(admin.get('/api/projects/no-such-project'));
    await rec(admin.patch(`/api/projects/${consoleProject.id}`).set(SAME_ORIGIN).send({ enabled: false }));
    const role = `/api/projects/${consoleProject.id}/members/${userId}/roles/member`;
    await rec(admin.put(role).set(SAME_ORIGIN));
    await rec(admin.put(role).set(SAME_ORIGIN));
    await rec(admin.get(`/api/projects/${consoleProject.id}/members`));
    await rec(admin.get(`/api/users/${userId}/projects`));
    await rec(admin.get('/api/users/me/projects'));
    await rec(admin.delete(role).set(SAME_ORIGIN));
    await rec(admin.delete(role).set(SAME_ORIGIN));
    await rec(admin.delete(`/api/projects/${consoleProject.id}`).set(SAME_ORIGIN));
    const change = { currentPassword: 'wrong-password-x', newPassword: 'a-new-admin-password-1' };
    await rec(admin.post('/api/users/me/password').set(SAME_ORIGIN).send(change));
    await rec(
      admin
        .post('/api/users/me/password')
        .set(SAME_ORIGIN)
        .send({ ...change, currentPassword: ADMIN_PASSWORD }),
    );
    await rec(admin.delete('/api/session').set(SAME_ORIGIN));

    const failures: string[] = [];
    const exercised = new Set<string>();
    for (const r of records) {
      const spec = t.tessera.routes.match(r.method, r.path);
      if (!spec) {
        failures.push(`${r.method} ${r.path}: not documented`);
        continue;
      }
      exercised.add(`${spec.method} ${spec.path}`);
      const response = spec.responses[r.status];
      if (!response) {
        failures.push(`${r.method} ${spec.path}: status ${r.status} not documented`);
        continue;
      }
      if (!response.schema || r.method === 'HEAD') continue;
      if (!r.type.startsWith(response.contentType ?? 'application/json'))
        failures.push(`${r.method} ${spec.path} ${r.status}: content type ${r.type}`);
      const parsed = response.schema.safeParse(r.body);
      if (!parsed.success)
        failures.push(`${r.method} ${spec.path} ${r.status}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    }
    expect(failures).toEqual([]);
    // Every route took part at least once.
    const mine = t.tessera.routes.all();
    const ownTags = new Set([
      'OAuth 2.0',
      'Service',
      'Session',
      'Sessions',
      'Users',
      'Auth tokens',
      'Activity',
      'GoodData.CN API tokens',
      'Keystone v3',
      'Application credentials',
      'Webhooks',
      'Notifications',
      'Projects',
    ]);
    expect(
      mine.filter((s) => ownTags.has(s.tag) && !exercised.has(`${s.method} ${s.path}`)).map((s) => s.path),
    ).toEqual([]);
  });
});
