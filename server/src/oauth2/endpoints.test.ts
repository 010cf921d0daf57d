import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';

// supertest listens on a new port per request, so the issuer is pinned rather than taken from the Host header.
const ISSUER = 'http://tessera.test';
const REPORTS = { audience: 'https://api.example.com', scope: 'reports.read' };
const TESSERA = { audience: ISSUER, scope: 'profile:read' };

const basic = (id: string, secret: string) =>
  'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

interface Client {
  id: string;
  secret: string;
  fullyQualifiedScopes?: string[];
}

describe.each(backends)('OAuth 2.0 endpoints (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let client: Client;

  const createClient = async (agent: TestAgent, scopes = [TESSERA, REPORTS], userId = 'me'): Promise<Client> => {
    const res = await agent
      .post(`/api/users/${userId}/oauth2-client-credentials`)
      .set(SAME_ORIGIN)
      .send({ name: 'job', scopes });
    expect(res.status).toBe(201);
    return res.body as Client;
  };
  const requestToken = (c: Client, form: Record<string, string> = {}) =>
    t.http
      .post('/oauth2/v1/token')
      .set('Authorization', basic(c.id, c.secret))
      .type('form')
      .send({ grant_type: 'client_credentials', ...form });
  // Every scope of the client, asked for by name: Tessera's own audience is granted only when asked for (F-5).
  const accessToken = async (c: Client, form: Record<string, string> = {}) => {
    const scope = c.fullyQualifiedScopes?.join(' ');
    const res = await requestToken(c, scope === undefined ? form : { scope, ...form });
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  const whoami = (token: string) => t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`);
  const introspect = (c: Client, token: string) =>
    t.http.post('/oauth2/v1/introspect').set('Authorization', basic(c.id, c.secret)).type('form').send({ token });
  const revoke = (c: Client, token: string) =>
    t.http.post('/oauth2/v1/revoke').set('Authorization', basic(c.id, c.secret)).type('form').send({ token });
  const expectOAuthError = (
    res: { status: number; body: Record<string, unknown>; headers: Record<string, string> },
    status: number,
    error: string,
  ) => {
    expect(res.status).toBe(status);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
    expect(res.body.error).toBe(error);
    expect(res.headers['cache-control']).toBe('no-store');
    if (error === 'invalid_client') expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
  };

  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
    client = await createClient(admin);
  });
  afterEach(async () => t.close());

  describe('token endpoint', () => {
    it('issues a signed access token with every scope asked for, for HTTP Basic client authentication', async () => {
      const res = await requestToken(client, {
        scope: 'http://tessera.test/profile:read https://api.example.com/reports.read',
      });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['pragma']).toBe('no-cache');
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'http://tessera.test/profile:read https://api.example.com/reports.read',
      });
      const header = decodeProtectedHeader(res.body.access_token);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
      const claims = decodeJwt(res.body.access_token);
      expect(claims).toMatchObject({
        iss: ISSUER,
        sub: (await admin.get('/api/whoami')).body.id,
        client_id: client.id,
        aud: [ISSUER, 'https://api.example.com'],
        scope: 'http://tessera.test/profile:read https://api.example.com/reports.read',
      });
      expect(claims.exp! - claims.iat!).toBe(3600);
      expect(claims.jti).toEqual(expect.any(String));
      expect(t.logs.text).not.toContain(client.secret);
      expect(t.logs.text).not.toContain(res.body.access_token);
    });

    it('accepts client_secret_post and grants only the scopes asked for', async () => {
      const res = await t.http.post('/oauth2/v1/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: client.secret,
        scope: 'https://api.example.com/reports.read',
      });
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('https://api.example.com/reports.read');
      expect(decodeJwt(res.body.access_token).aud).toBe('https://api.example.com');
    });

    it('decodes form-url-encoded Basic credentials (RFC 6749 §2.3.1)', async () => {
      const encodedId = client.id.replace(/-/g, '%2D');
      const res = await t.http
        .post('/oauth2/v1/token')
        .set('Authorization', 'Basic ' + Buffer.from(`${encodedId}:${client.secret}`).toString('base64'))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(200);
    });

    it('answers invalid_client with 401 and WWW-Authenticate for every failed client authentication', async () => {
      const wrong = { id: client.id, secret: client.secret.slice(0, -1) + (client.secret.endsWith('A') ? 'B' : 'A') };
      expectOAuthError(await requestToken(wrong), 401, 'invalid_client');
      expectOAuthError(await requestToken({ id: 'no-such-client', secret: client.secret }), 401, 'invalid_client');
      const none = await t.http.post('/oauth2/v1/token').type('form').send({ grant_type: 'client_credentials' });
      expectOAuthError(none, 401, 'invalid_client');
      const onlyId = await t.http
        .post('/oauth2/v1/token')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: client.id });
      expectOAuthError(onlyId, 401, 'invalid_client');
      const bearer = await t.http
        .post('/oauth2/v1/token')
        .set('Authorization', `Bearer ${client.secret}`)
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expectOAuthError(bearer, 401, 'invalid_client');
      const malformed = await t.http
        .post('/oauth2/v1/token')
        .set('Authorization', 'Basic bm8tY29sb24')
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expectOAuthError(malformed, 401, 'invalid_client');
      expect(t.logs.text).not.toContain(client.secret);
    });

    it('answers invalid_request for a malformed request', async () => {
      const json = await t.http
        .post('/oauth2/v1/token')
        .set('Authorization', basic(client.id, client.secret))
        .send({ grant_type: 'client_credentials' });
      expectOAuthError(json, 400, 'invalid_request');
      expectOAuthError(await requestToken(client, { grant_type: '' }), 400, 'invalid_request');
      const repeated = await t.http
        .post('/oauth2/v1/token')
        .set('Authorization', basic(client.id, client.secret))
        .type('form')
        .send('grant_type=client_credentials&grant_type=client_credentials');
      expectOAuthError(repeated, 400, 'invalid_request');
      const twoMethods = await requestToken(client, { client_id: client.id, client_secret: client.secret });
      expectOAuthError(twoMethods, 400, 'invalid_request');
      const otherId = await requestToken(client, { client_id: 'someone-else' });
      expectOAuthError(otherId, 400, 'invalid_request');
    });

    it('answers unsupported_grant_type for any grant but client_credentials', async () => {
      expectOAuthError(await requestToken(client, { grant_type: 'password' }), 400, 'unsupported_grant_type');
      expectOAuthError(await requestToken(client, { grant_type: 'authorization_code' }), 400, 'unsupported_grant_type');
    });

    it('answers invalid_scope when any asked scope is not the client’s', async () => {
      const res = await requestToken(client, {
        scope: 'https://api.example.com/reports.read https://api.example.com/reports.write',
      });
      expectOAuthError(res, 400, 'invalid_scope');
      expectOAuthError(await requestToken(client, { scope: 'reports.read' }), 400, 'invalid_scope');
    });

    it('answers unauthorized_client when API credentials are turned off for the owner', async () => {
      const userId = await t.createUser('dave');
      const dave = await createClient(admin, [REPORTS], userId);
      expect((await requestToken(dave)).status).toBe(200);
      await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ apiTokensEnabled: false });
      expectOAuthError(await requestToken(dave), 400, 'unauthorized_client');
    });

    it('refuses the old secret after a reset and every secret after a delete', async () => {
      const reset = await admin
        .post(`/api/users/me/oauth2-client-credentials/${client.id}/reset-secret`)
        .set(SAME_ORIGIN);
      expectOAuthError(await requestToken(client), 401, 'invalid_client');
      const fresh = { id: client.id, secret: reset.body.secret as string };
      expect((await requestToken(fresh)).status).toBe(200);
      await admin.delete(`/api/users/me/oauth2-client-credentials/${client.id}`).set(SAME_ORIGIN);
      expectOAuthError(await requestToken(fresh), 401, 'invalid_client');
    });
  });

  describe("Tessera's API", () => {
    it('accepts an access token addressed to Tessera as authenticatedBy oauth2', async () => {
      const res = await whoami(await accessToken(client));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        username: 'admin',
        authenticatedBy: 'oauth2',
        via: 'bearer',
        tokenId: client.id,
      });
    });

    it('refuses a token for another audience, a tampered one, and one with a foreign issuer', async () => {
      expect((await whoami(await accessToken(client, { scope: 'https://api.example.com/reports.read' }))).status).toBe(
        401,
      );
      const token = await accessToken(client);
      const [h, p, s] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'someone-else' })).toString('base64url');
      expect((await whoami(`${h}.${forged}.${s}`)).status).toBe(401);
      // A signature with one character changed in its middle: every bit there counts (a tail of "AA" was the same
      // signature whenever the real one already decoded to zero bits there, 1 run in 256 — CI saw it).
      const mid = Math.floor(s!.length / 2);
      const tampered = `${s!.slice(0, mid)}${s![mid] === 'A' ? 'B' : 'A'}${s!.slice(mid + 1)}`;
      expect((await whoami(`${h}.${p}.${tampered}`)).status).toBe(401);
    });

    it('stops a token at once when it is revoked, its credential deleted or reset, or its user disabled', async () => {
      const revoked = await accessToken(client);
      expect((await revoke(client, revoked)).status).toBe(200);
      expect((await whoami(revoked)).status).toBe(401);

      const beforeReset = await accessToken(client);
      const reset = await admin
        .post(`/api/users/me/oauth2-client-credentials/${client.id}/reset-secret`)
        .set(SAME_ORIGIN);
      expect((await whoami(beforeReset)).status).toBe(401);
      const fresh = { ...client, secret: reset.body.secret as string };
      const afterReset = await accessToken(fresh);
      expect((await whoami(afterReset)).status).toBe(200);
      await admin.delete(`/api/users/me/oauth2-client-credentials/${client.id}`).set(SAME_ORIGIN);
      expect((await whoami(afterReset)).status).toBe(401);

      const userId = await t.createUser('erin');
      const erin = await createClient(admin, [TESSERA], userId);
      const erinToken = await accessToken(erin);
      expect((await whoami(erinToken)).body.username).toBe('erin');
      await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ disabled: true });
      expect((await whoami(erinToken)).status).toBe(401);
    });

    it('keeps tokens signed by a retired key valid after a rotation, and signs new ones with the new key', async () => {
      const before = await accessToken(client);
      const rotated = await admin.post('/api/oauth2/keys/rotate').set(SAME_ORIGIN);
      expect(rotated.status).toBe(200);
      const after = await accessToken(client);
      expect(decodeProtectedHeader(after).kid).toBe(rotated.body.kid);
      expect(decodeProtectedHeader(before).kid).not.toBe(rotated.body.kid);
      expect((await whoami(before)).status).toBe(200);
      const jwks = await t.http.get('/oauth2/v1/keys');
      expect(jwks.body.keys).toHaveLength(2);
    });
  });

  describe('introspection', () => {
    it('describes an active access token to its client', async () => {
      const token = await accessToken(client);
      const res = await introspect(client, token);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        active: true,
        token_type: 'Bearer',
        client_id: client.id,
        username: 'admin',
        iss: ISSUER,
        scope: 'http://tessera.test/profile:read https://api.example.com/reports.read',
        exp: expect.any(Number),
        iat: expect.any(Number),
        jti: expect.any(String),
      });
    });

    it('answers exactly {"active":false} for unknown, garbage, revoked and foreign tokens', async () => {
      const token = await accessToken(client);
      await revoke(client, token);
      await t.createUser('frank');
      const frankAgent = await t.signIn('frank', 'frank-password-123');
      const frank = await createClient(frankAgent, [{ audience: 'https://other.example', scope: 'x' }]);
      const frankToken = await accessToken(frank);
      const frankAuthToken = (await t.createToken(frankAgent)).token;
      for (const candidate of [
        'nope',
        'a.b.c',
        'tsr_000000000000000000000000000000000000',
        token,
        frankToken,
        frankAuthToken,
      ]) {
        const res = await introspect(client, candidate);
        expect(res.status).toBe(200);
        expect(res.text).toBe('{"active":false}');
      }
    });

    it('lets a resource server introspect tokens addressed to one of its (owned) audiences', async () => {
      await t.createUser('gina');
      const ginaAgent = await t.signIn('gina', 'gina-password-123');
      const ginas = { audience: 'https://gina.example.com', scope: 'read' };
      const resourceServer = await createClient(ginaAgent, [ginas]);
      // An administrator may use an audience someone else owns (F-9).
      const caller = await createClient(admin, [ginas]);
      const res = await introspect(resourceServer, await accessToken(caller));
      expect(res.body).toMatchObject({ active: true, client_id: caller.id });
    });

    it('describes an auth token of the client’s owner, without a client_id', async () => {
      const authToken = await t.createToken(admin);
      const res = await introspect(client, authToken.token);
      expect(res.body).toMatchObject({
        active: true,
        token_type: 'Bearer',
        username: 'admin',
        exp: expect.any(Number),
      });
      expect(res.body).not.toHaveProperty('client_id');
    });

    it('lets an administrator introspect with a bearer auth token, and refuses anyone else', async () => {
      const adminToken = (await t.createToken(admin)).token;
      await t.createUser('hank');
      const hank = await t.signIn('hank', 'hank-password-123');
      const hankToken = (await t.createToken(hank)).token;
      const asAdmin = await t.http
        .post('/oauth2/v1/introspect')
        .set('Authorization', `Bearer ${adminToken}`)
        .type('form')
        .send({ token: hankToken });
      expect(asAdmin.body).toMatchObject({ active: true, username: 'hank' });
      const asHank = await t.http
        .post('/oauth2/v1/introspect')
        .set('Authorization', `Bearer ${hankToken}`)
        .type('form')
        .send({ token: adminToken });
      expect(asHank.status).toBe(403);
      expect(asHank.body.error).toBe('insufficient_scope');
      const badBearer = await t.http
        .post('/oauth2/v1/introspect')
        .set('Authorization', 'Bearer tsr_000000000000000000000000000000000000')
        .type('form')
        .send({ token: adminToken });
      expect(badBearer.status).toBe(401);
      expect(badBearer.body.error).toBe('invalid_token');
      expect(badBearer.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('answers invalid_client without client authentication and invalid_request without a token', async () => {
      expectOAuthError(
        await t.http.post('/oauth2/v1/introspect').type('form').send({ token: 'x' }),
        401,
        'invalid_client',
      );
      const missing = await t.http
        .post('/oauth2/v1/introspect')
        .set('Authorization', basic(client.id, client.secret))
        .type('form')
        .send({ token_type_hint: 'access_token' });
      expectOAuthError(missing, 400, 'invalid_request');
    });
  });

  describe('revocation', () => {
    it('revokes an access token of the calling client', async () => {
      const token = await accessToken(client);
      const res = await t.http
        .post('/oauth2/v1/revoke')
        .type('form')
        .send({ token, token_type_hint: 'access_token', client_id: client.id, client_secret: client.secret });
      expect(res.status).toBe(200);
      expect((await introspect(client, token)).text).toBe('{"active":false}');
      expect((await whoami(token)).status).toBe(401);
      const events = await t.store.audit.list({ action: 'oauth2_token.revoke', limit: 10 });
      expect(events.events).toHaveLength(1);
    });

    it('answers 200 for an unknown or already revoked token', async () => {
      expect((await revoke(client, 'not-a-token')).status).toBe(200);
      const token = await accessToken(client);
      expect((await revoke(client, token)).status).toBe(200);
      expect((await revoke(client, token)).status).toBe(200);
    });

    it('refuses to revoke another client’s token with unauthorized_client', async () => {
      const other = await createClient(admin, [TESSERA]);
      const token = await accessToken(other);
      expectOAuthError(await revoke(client, token), 400, 'unauthorized_client');
      expect((await whoami(token)).status).toBe(200);
    });

    it('deletes an auth token revoked by an administrator, with an audit event', async () => {
      const adminToken = (await t.createToken(admin)).token;
      await t.createUser('ivy');
      const ivy = await t.signIn('ivy', 'ivy-password-123');
      const ivyToken = await t.createToken(ivy);
      const res = await t.http
        .post('/oauth2/v1/revoke')
        .set('Authorization', `Bearer ${adminToken}`)
        .type('form')
        .send({ token: ivyToken.token, token_type_hint: 'refresh_token' });
      expect(res.status).toBe(200);
      expect((await whoami(ivyToken.token)).status).toBe(401);
      expect((await ivy.get('/api/users/me/auth-tokens')).body.items).toHaveLength(0);
      const events = await t.store.audit.list({ action: 'auth_token.delete', limit: 10 });
      expect(events.events[0]).toMatchObject({ tokenId: ivyToken.id, actorUsername: 'admin' });
    });

    it('answers invalid_client without client authentication and invalid_request without a token', async () => {
      expectOAuthError(await t.http.post('/oauth2/v1/revoke').type('form').send({ token: 'x' }), 401, 'invalid_client');
      const missing = await t.http
        .post('/oauth2/v1/revoke')
        .set('Authorization', basic(client.id, client.secret))
        .type('form')
        .send({});
      expectOAuthError(missing, 400, 'invalid_request');
    });
  });

  describe('metadata and keys', () => {
    it('publishes RFC 8414 metadata and a key set without private parts', async () => {
      const meta = await t.http.get('/.well-known/oauth-authorization-server');
      expect(meta.status).toBe(200);
      expect(meta.body).toMatchObject({
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/oauth2/v1/token`,
        jwks_uri: `${ISSUER}/oauth2/v1/keys`,
        introspection_endpoint: `${ISSUER}/oauth2/v1/introspect`,
        revocation_endpoint: `${ISSUER}/oauth2/v1/revoke`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
      expect(meta.headers['x-content-type-options']).toBe('nosniff');
      const jwks = await t.http.get('/oauth2/v1/keys');
      expect(jwks.status).toBe(200);
      expect(jwks.body.keys).toHaveLength(1);
      expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(jwks.body.keys[0]).not.toHaveProperty('d');
    });

    it('keeps the private key encrypted in the store', async () => {
      await accessToken(client);
      const [key] = await t.store.oauth2AccessTokens.listSigningKeys();
      expect(decodeProtectedHeader(key!.privateJwkEncrypted)).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
      expect(key!.privateJwkEncrypted).not.toContain('"d"');
      expect(JSON.parse(key!.publicJwk)).not.toHaveProperty('d');
    });
  });
});

describe.each(backends)('OAuth 2.0 client authentication throttle (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_TOKEN_FAILURES_PER_MINUTE: '3' });
  });
  afterEach(async () => t.close());

  it('answers 429 with Retry-After to an address after too many failed client authentications', async () => {
    const admin = await t.signIn();
    const created = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'job', scopes: [REPORTS] });
    const { id, secret } = created.body as Client;
    // Another credential's secret: well-formed, so the failure is a real attempt worth an audit event.
    const other = await admin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'other', scopes: [REPORTS] });
    const wrong = (other.body as Client).secret;
    for (let i = 0; i < 3; i++) {
      const res = await t.http
        .post('/oauth2/v1/token')
        .set('Authorization', basic(id, wrong))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(401);
    }
    const blocked = await t.http
      .post('/oauth2/v1/token')
      .set('Authorization', basic(id, wrong))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The right secret from the same address is still answered: only failures are refused.
    const right = await t.http
      .post('/oauth2/v1/token')
      .set('Authorization', basic(id, secret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(right.status).toBe(200);
    // The failure answered 429 is not audited: an address past its budget writes nothing more.
    const events = await t.store.audit.list({ action: 'oauth2_client.authenticate', limit: 10 });
    expect(events.events).toHaveLength(3);
    expect(events.events[0]).toMatchObject({ outcome: 'failure', tokenId: id });
  });
});
