import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';
import { clientSecretHint, digestClientSecret, generateClientSecret } from './client-secret.js';

// Issue 18 for OAuth 2.0 clients: Tessera's scopes carried by access tokens for Tessera's own audience, never
// broader than the credential that makes a client, a network allow-list per client, suspend and resume.
const ISSUER = 'http://tessera.test';
const BASE = '/api/users/me/oauth2-client-credentials';
const INSIDE = '203.0.113.5';
const OUTSIDE = '198.51.100.7';
const own = (...scopes: string[]) => scopes.map((scope) => ({ audience: ISSUER, scope }));
const fq = (...scopes: string[]) => scopes.map((s) => `${ISSUER}/${s}`).join(' ');

interface Client {
  id: string;
  secret: string;
}

describe.each(backends)('OAuth 2.0 clients, least privilege (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER, TESSERA_TRUST_PROXY: 'loopback' });
    admin = await t.signIn();
  });
  afterEach(async () => t.close());

  const create = (agent: TestAgent, body: Record<string, unknown>) =>
    agent
      .post(BASE)
      .set(SAME_ORIGIN)
      .send({ name: 'c', ...body });
  const created = async (agent: TestAgent, body: Record<string, unknown>): Promise<Client> => {
    const res = await create(agent, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Client;
  };
  const requestToken = (c: Client, scope: string, from = '127.0.0.1') =>
    t.http
      .post('/oauth2/v1/token')
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret, scope });
  const accessToken = async (c: Client, scope: string, from?: string) => {
    const res = await requestToken(c, scope, from);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.access_token as string;
  };
  const as = (jwt: string, from = '127.0.0.1') => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${jwt}`).set('X-Forwarded-For', from),
    post: (path: string) => t.http.post(path).set('Authorization', `Bearer ${jwt}`).set('X-Forwarded-For', from),
    patch: (path: string) => t.http.patch(path).set('Authorization', `Bearer ${jwt}`).set('X-Forwarded-For', from),
  });
  const lastAudit = async (action: string) =>
    (await t.store.audit.list({ action: action as 'oauth2_client.suspend', limit: 1 })).events[0];

  describe('scopes', () => {
    it('a token for <issuer>/tokens:read lists own auth tokens but may not create one (403 insufficient_scope)', async () => {
      const c = await created(admin, { scopes: own('tokens:read') });
      const jwt = await accessToken(c, fq('tokens:read'));
      expect((await as(jwt).get('/api/users/me/auth-tokens')).status).toBe(200);
      const minted = await as(jwt).post('/api/users/me/auth-tokens').send({ description: 'more' });
      expect(minted.status).toBe(403);
      expect(minted.body.code).toBe('insufficient_scope');
      expect(minted.headers['www-authenticate']).toContain('error="insufficient_scope"');
      expect(minted.headers['www-authenticate']).toContain('scope="tokens:write"');
      // Nor a client (the route needs tokens:write).
      const client = await as(jwt)
        .post(BASE)
        .send({ name: 'more', scopes: own('tokens:write') });
      expect(client.status).toBe(403);
      expect(client.body.code).toBe('insufficient_scope');
    });

    it('a narrower token can neither reset a broader client’s secret nor resume it (it would obtain its power)', async () => {
      const broad = await created(admin, { scopes: own('tokens:write', 'admin:write') });
      const narrow = await created(admin, { scopes: own('tokens:write') });
      const jwt = await accessToken(narrow, fq('tokens:write'));
      const reset = await as(jwt).post(`${BASE}/${broad.id}/reset-secret`);
      expect(reset.status).toBe(403);
      expect(reset.body.code).toBe('insufficient_scope');
      expect(reset.headers['www-authenticate']).toContain('scope="admin:write"');
      expect(reset.body.secret).toBeUndefined();
      // The broad client's secret still works: the refused reset changed nothing.
      expect((await requestToken(broad, fq('admin:write'))).status).toBe(200);
      // Suspending is always allowed (it only takes power away); resuming hands it out again.
      expect((await as(jwt).post(`${BASE}/${broad.id}/suspend`)).status).toBe(200);
      const resumed = await as(jwt).post(`${BASE}/${broad.id}/resume`);
      expect(resumed.status).toBe(403);
      expect(resumed.body.code).toBe('insufficient_scope');
      expect((await requestToken(broad, fq('admin:write'))).status).toBe(401);
      // A client no broader than the token: both allowed.
      expect((await as(jwt).post(`${BASE}/${narrow.id}/reset-secret`)).status).toBe(200);
    });

    it('a client made from a token holds none of Tessera’s scopes the token lacks', async () => {
      const c = await created(admin, { scopes: own('tokens:read', 'tokens:write') });
      const jwt = await accessToken(c, fq('tokens:read', 'tokens:write'));
      const broader = await as(jwt)
        .post(BASE)
        .send({ name: 'broader', scopes: own('tokens:write', 'admin:read') });
      expect(broader.status).toBe(403);
      expect(broader.body.code).toBe('insufficient_scope');
      expect(broader.headers['www-authenticate']).toContain('scope="admin:read"');
      const narrower = await as(jwt)
        .post(BASE)
        .send({ name: 'narrower', scopes: own('tokens:read') });
      expect(narrower.status).toBe(201);
      // Narrowing from a token is allowed; widening back takes a session.
      const path = `${BASE}/${narrower.body.id}`;
      const widened = await as(jwt)
        .patch(path)
        .send({ scopes: own('tokens:read', 'tokens:write') });
      expect(widened.status).toBe(403);
      expect(widened.body.code).toBe('scope_widening_needs_session');
      const fromSession = await admin
        .patch(path)
        .set(SAME_ORIGIN)
        .send({ scopes: own('tokens:read', 'tokens:write') });
      expect(fromSession.status).toBe(200);
      const narrowed = await as(jwt)
        .patch(path)
        .send({ scopes: own('tokens:write') });
      expect(narrowed.status).toBe(200);
      expect(narrowed.body.fullyQualifiedScopes).toEqual([`${ISSUER}/tokens:write`]);
    });

    it('Tessera’s audience takes only the six scopes (400), an administrator scope only for an administrator (403)', async () => {
      const free = await create(admin, {
        scopes: [...own('api'), { audience: 'https://r.example.com', scope: 'api' }],
      });
      expect(free.status).toBe(400);
      expect(JSON.stringify(free.body)).toContain('scopes.0.scope');
      expect(JSON.stringify(free.body)).toContain('profile:read, tokens:read, tokens:write');
      await t.createUser('ursula');
      const ursula = await t.signIn('ursula', 'ursula-password-123');
      const refused = await create(ursula, { scopes: own('profile:read', 'admin:read') });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('scope_not_allowed');
      // Another audience's scopes are that resource server's business.
      expect(
        (await create(ursula, { scopes: [{ audience: 'https://r.example.com', scope: 'admin:read' }] })).status,
      ).toBe(201);
    });

    it('an administrator’s bearer token introspects only with admin:read', async () => {
      const c = await created(admin, { scopes: own('profile:read') });
      const jwt = await accessToken(c, fq('profile:read'));
      const res = await t.http
        .post('/oauth2/v1/introspect')
        .set('Authorization', `Bearer ${jwt}`)
        .type('form')
        .send({ token: jwt });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('insufficient_scope');
      expect(res.headers['www-authenticate']).toContain('scope="admin:read"');
    });
  });

  describe('network allow-list', () => {
    it('token requests and access tokens from outside the client’s networks are refused and audited', async () => {
      const c = await created(admin, {
        scopes: own('profile:read', 'tokens:write'),
        allowedNetworks: ['203.0.113.9/24'],
      });
      const read = await admin.get(`${BASE}/${c.id}`);
      expect(read.body.allowedNetworks).toEqual(['203.0.113.0/24']);

      const outside = await requestToken(c, fq('profile:read'), OUTSIDE);
      expect(outside.status).toBe(401);
      expect(outside.body.error).toBe('invalid_client');
      expect(JSON.stringify(outside.body)).not.toContain('203.0.113');
      expect(await lastAudit('oauth2_client.authenticate')).toMatchObject({
        outcome: 'failure',
        ip: OUTSIDE,
        tokenId: c.id,
        details: { reason: 'network_not_allowed' },
      });

      const jwt = await accessToken(c, fq('profile:read', 'tokens:write'), INSIDE);
      expect((await as(jwt, INSIDE).get('/api/whoami')).status).toBe(200);
      const elsewhere = await as(jwt, OUTSIDE).get('/api/whoami');
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body.code).toBe('network_not_allowed');
      expect(JSON.stringify(elsewhere.body)).not.toContain('203.0.113');
      expect(await lastAudit('oauth2_token.use')).toMatchObject({
        outcome: 'failure',
        ip: OUTSIDE,
        tokenId: c.id,
        details: { reason: 'network_not_allowed' },
      });

      // What the token makes is bounded by the client's networks.
      const inherited = await as(jwt, INSIDE)
        .post(BASE)
        .send({ name: 'inherits', scopes: own('profile:read') });
      expect(inherited.status).toBe(201);
      expect(inherited.body.allowedNetworks).toEqual(['203.0.113.0/24']);
      const wider = await as(jwt, INSIDE)
        .post(BASE)
        .send({ name: 'wider', scopes: own('profile:read'), allowedNetworks: [] });
      expect(wider.status).toBe(403);
      expect(wider.body.code).toBe('network_exceeds_credential');
    });

    it('PATCH changes the list; a token may narrow it, only a session widen it', async () => {
      const c = await created(admin, { scopes: own('tokens:write'), allowedNetworks: ['203.0.113.0/24'] });
      const jwt = await accessToken(c, fq('tokens:write'), INSIDE);
      const path = `${BASE}/${c.id}`;
      const invalid = await admin
        .patch(path)
        .set(SAME_ORIGIN)
        .send({ allowedNetworks: ['not a network'] });
      expect(invalid.status).toBe(400);
      const narrowed = await as(jwt, INSIDE)
        .patch(path)
        .send({ allowedNetworks: ['203.0.113.0/28'] });
      expect(narrowed.status).toBe(200);
      expect(narrowed.body.allowedNetworks).toEqual(['203.0.113.0/28']);
      const widened = await as(jwt, INSIDE)
        .patch(path)
        .send({ allowedNetworks: ['203.0.113.0/24'] });
      expect(widened.status).toBe(403);
      const anywhere = await admin.patch(path).set(SAME_ORIGIN).send({ allowedNetworks: [] });
      expect(anywhere.status).toBe(200);
      expect(anywhere.body.allowedNetworks).toEqual([]);
      expect((await requestToken(c, fq('tokens:write'), OUTSIDE)).status).toBe(200);
    });
  });

  describe('suspend and resume', () => {
    it('a suspended client gets no token and its access tokens are refused on the very next request', async () => {
      const c = await created(admin, { scopes: own('profile:read') });
      const jwt = await accessToken(c, fq('profile:read'));
      expect((await as(jwt).get('/api/whoami')).status).toBe(200);

      const suspended = await admin.post(`${BASE}/${c.id}/suspend`).set(SAME_ORIGIN);
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ id: c.id, status: 'suspended' });
      expect(suspended.body.suspendedAt).toEqual(expect.any(String));
      expect(await lastAudit('oauth2_client.suspend')).toMatchObject({ outcome: 'success', tokenId: c.id });

      expect((await as(jwt).get('/api/whoami')).status).toBe(401);
      expect(await lastAudit('oauth2_token.use')).toMatchObject({ details: { reason: 'suspended' } });
      const refused = await requestToken(c, fq('profile:read'));
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_client');
      expect(await lastAudit('oauth2_client.authenticate')).toMatchObject({
        tokenId: c.id,
        details: { reason: 'suspended' },
      });
      const other = await created(admin, { scopes: own('profile:read') });
      const introspected = await t.http
        .post('/oauth2/v1/introspect')
        .type('form')
        .send({ token: jwt, client_id: other.id, client_secret: other.secret });
      expect(introspected.body).toEqual({ active: false });

      // Idempotent: again is 200 with no second audit row.
      const again = await admin.post(`${BASE}/${c.id}/suspend`).set(SAME_ORIGIN);
      expect(again.status).toBe(200);
      expect(again.body.suspendedAt).toBe(suspended.body.suspendedAt);
      const { events } = await t.store.audit.list({ action: 'oauth2_client.suspend', limit: 5 });
      expect(events).toHaveLength(1);
      const listed = (await admin.get(BASE)).body.items as { id: string; status: string }[];
      expect(listed.find((i) => i.id === c.id)).toMatchObject({ status: 'suspended' });

      const resumed = await admin.post(`${BASE}/${c.id}/resume`).set(SAME_ORIGIN);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ status: 'active', suspendedAt: null });
      expect(await lastAudit('oauth2_client.resume')).toMatchObject({ outcome: 'success', tokenId: c.id });
      expect((await requestToken(c, fq('profile:read'))).status).toBe(200);
      expect((await as(jwt).get('/api/whoami')).status).toBe(200);
      expect((await admin.post(`${BASE}/${c.id}/resume`).set(SAME_ORIGIN)).status).toBe(200);
    });

    it('suspension needs tokens:write for one’s own clients, admin:write for others’; unknown clients are 404', async () => {
      const c = await created(admin, { scopes: own('tokens:read') });
      const jwt = await accessToken(c, fq('tokens:read'));
      const res = await as(jwt).post(`${BASE}/${c.id}/suspend`);
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toContain('scope="tokens:write"');
      const missing = await admin.post(`${BASE}/00000000-0000-0000-0000-000000000000/suspend`).set(SAME_ORIGIN);
      expect(missing.status).toBe(404);
    });
  });

  describe('Keystone', () => {
    it('a scoped token is not exchanged for a full-access Keystone token', async () => {
      const c = await created(admin, { scopes: own('tokens:read') });
      const jwt = await accessToken(c, fq('tokens:read'));
      const { token } = await t.createToken(admin);
      for (const id of [jwt, token]) {
        const res = await t.http
          .post('/v3/auth/tokens')
          .set('X-Auth-Token', id)
          .send({ auth: { identity: { methods: ['token'], token: { id } } } });
        // Refused (the token method takes only `tsk_` tokens; the request schema may already say so).
        expect([400, 401]).toContain(res.status);
        expect(res.headers['x-subject-token']).toBeUndefined();
      }
    });
  });

  describe('clients saved before scopes', () => {
    // A free-form scope for Tessera's own audience (`api`) stands for the owner's role (oauth2/scopes.ts
    // effectiveScopes): mapped when read, since the issuer is not known to a migration.
    const legacy = async (userId: string) => {
      const id = randomUUID();
      const real = generateClientSecret();
      const now = new Date().toISOString();
      await t.store.oauth2Clients.create(
        {
          id,
          userId,
          name: 'old',
          description: '',
          scopes: [
            { audience: ISSUER, scope: 'api' },
            { audience: 'https://r.example.com', scope: 'api' },
          ],
          secretDigest: digestClientSecret(real),
          secretHint: clientSecretHint(real),
          createdAt: now,
          createdBy: userId,
          expiresAt: null,
        },
        10,
      );
      return { id, secret: real };
    };

    it('an administrator’s old Tessera pair counts as all six scopes, other pairs untouched', async () => {
      const adminId = (await admin.get('/api/whoami')).body.id as string;
      const c = await legacy(adminId);
      const shown = await admin.get(`${BASE}/${c.id}`);
      expect(shown.body.fullyQualifiedScopes).toEqual([
        ...fq('profile:read', 'tokens:read', 'tokens:write', 'activity:read', 'admin:read', 'admin:write').split(' '),
        'https://r.example.com/api',
      ]);
      // Asked for by its old name, it grants what it stands for now.
      const res = await requestToken(c, `${ISSUER}/api`);
      expect(res.status).toBe(200);
      expect(res.body.scope.split(' ')).toContain(`${ISSUER}/admin:write`);
      const minted = await as(res.body.access_token as string)
        .post('/api/users/me/auth-tokens')
        .send({ description: 'from an old client' });
      expect(minted.status).toBe(201);
      // Each scope by its new name too.
      expect((await requestToken(c, fq('tokens:read'))).status).toBe(200);
    });

    it('a user’s old Tessera pair counts as the four scopes a user can hold', async () => {
      const userId = await t.createUser('ulrich');
      const ulrich = await t.signIn('ulrich', 'ulrich-password-123');
      const c = await legacy(userId);
      const shown = await ulrich.get(`${BASE}/${c.id}`);
      expect(shown.body.scopes.filter((s: { audience: string }) => s.audience === ISSUER)).toEqual(
        own('profile:read', 'tokens:read', 'tokens:write', 'activity:read'),
      );
      const res = await requestToken(c, `${ISSUER}/api`);
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe(fq('profile:read', 'tokens:read', 'tokens:write', 'activity:read'));
      // Re-saving what the console shows stores the names.
      const saved = await ulrich.patch(`${BASE}/${c.id}`).set(SAME_ORIGIN).send({ scopes: shown.body.scopes });
      expect(saved.status).toBe(200);
      const stored = await t.store.oauth2Clients.get(userId, c.id);
      expect(stored!.scopes.map((s) => s.scope)).toEqual([
        'profile:read',
        'tokens:read',
        'tokens:write',
        'activity:read',
        'api',
      ]);
    });
  });
});
