import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const BOOTSTRAP = 'bootstrap-token-for-tests-0123456789abcdef';
const GD = 'application/vnd.gooddata.api+json';

describe.each(backends)('GoodData.CN apiTokens (%s)', (kind) => {
  let t: TestApp;
  let johnId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP });
    johnId = await t.createUser('john.doe');
  });
  afterEach(async () => t.close());

  // GoodData's documented curl, verbatim but for the host and the other token:
  // curl --request POST -H 'Content-type: application/vnd.gooddata.api+json' \
  //   -H 'Authorization: Bearer <other-token>' -d '{"data":{"id":"mynewtoken","type":"apiToken"}}' \
  //   $HOST_URL/api/v1/entities/users/john.doe/apiTokens | jq data.attributes.bearerToken
  const documentedCurl = (otherToken: string) =>
    t.http
      .post('/api/v1/entities/users/john.doe/apiTokens')
      .set('Content-type', 'application/vnd.gooddata.api+json')
      .set('Authorization', `Bearer ${otherToken}`)
      .send('{"data":{"id":"mynewtoken","type":"apiToken"}}');

  it('runs the documented curl with the bootstrap token; the token works, is listed in the console API, and dies on delete', async () => {
    const res = await documentedCurl(BOOTSTRAP);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.gooddata\.api\+json/);
    const body = JSON.parse(res.text) as { data: { id: string; type: string; attributes: { bearerToken: string } } };
    expect(body.data).toMatchObject({ id: 'mynewtoken', type: 'apiToken' });
    const bearer = body.data.attributes.bearerToken;
    expect(bearer).toMatch(/^tsr_[0-9A-Za-z]{36}$/);

    const who = await t.http.get('/api/whoami').set('Authorization', `Bearer ${bearer}`);
    expect(who.body).toMatchObject({ username: 'john.doe', authenticatedBy: 'auth-token' });

    const admin = await t.signIn();
    const list = await admin.get(`/api/users/${johnId}/auth-tokens`);
    expect(list.body.items).toEqual([expect.objectContaining({ name: 'mynewtoken', description: 'mynewtoken' })]);

    // Deleting in the console stops it at once.
    const del = await admin.delete(`/api/users/${johnId}/auth-tokens/${list.body.items[0].id}`).set(SAME_ORIGIN);
    expect(del.status).toBe(204);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${bearer}`)).status).toBe(401);
  });

  it('runs the documented curl with another user’s token: an administrator’s works, a plain user’s gets 404', async () => {
    const admin = await t.signIn();
    const adminToken = (await t.createToken(admin)).token;
    expect((await documentedCurl(adminToken)).status).toBe(201);

    await t.createUser('mallory');
    const mallory = await t.signIn('mallory', 'mallory-password-123');
    const malloryToken = (await t.createToken(mallory)).token;
    const res = await documentedCurl(malloryToken);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({
      errors: [{ status: '404', code: 'not_found', title: 'Not Found', detail: 'No such user.' }],
    });
  });

  it('answers a duplicate id with 409, lists and reads without the bearer token, deletes with 204', async () => {
    expect((await documentedCurl(BOOTSTRAP)).status).toBe(201);
    const dup = await documentedCurl(BOOTSTRAP);
    expect(dup.status).toBe(409);
    expect(JSON.parse(dup.text).errors[0]).toMatchObject({ status: '409', title: 'Conflict' });

    const auth = { Authorization: `Bearer ${BOOTSTRAP}` };
    const list = await t.http.get(`/api/v1/entities/users/${johnId}/apiTokens`).set(auth);
    expect(list.status).toBe(200);
    expect(list.text).not.toMatch(/bearerToken|tsr_/);
    expect(JSON.parse(list.text).data).toEqual([
      expect.objectContaining({ id: 'mynewtoken', type: 'apiToken', attributes: {} }),
    ]);
    const one = await t.http.get('/api/v1/entities/users/john.doe/apiTokens/mynewtoken').set(auth);
    expect(one.status).toBe(200);
    expect(one.text).not.toMatch(/bearerToken/);

    expect((await t.http.delete('/api/v1/entities/users/john.doe/apiTokens/mynewtoken').set(auth)).status).toBe(204);
    expect((await t.http.get('/api/v1/entities/users/john.doe/apiTokens/mynewtoken').set(auth)).status).toBe(404);
  });

  it('runs the documented developer-tools fetch from a signed-in console tab (session cookie, Content-type only)', async () => {
    // fetch('/api/entities/users/{userId}/apiTokens', { method: 'POST', body: JSON.stringify({ data: { id:
    //   'mynewtoken', type: 'apiToken' } }), headers: { 'Content-type': 'application/vnd.gooddata.api+json' } })
    // A browser adds Sec-Fetch-Site: same-origin to it; supertest needs it said.
    const john = await t.signIn('john.doe', 'john.doe-password-123');
    for (const path of [`/api/entities/users/${johnId}/apiTokens`, '/api/v1/entities/users/me/apiTokens']) {
      const res = await john
        .post(path)
        .set(SAME_ORIGIN)
        .set('Content-type', GD)
        .send(JSON.stringify({ data: { id: path.includes('v1') ? 'second' : 'mynewtoken', type: 'apiToken' } }));
      expect(res.status).toBe(201);
      expect(JSON.parse(res.text).data.attributes.bearerToken).toMatch(/^tsr_/);
    }
    // The same fetch from another site is refused.
    const cross = await john
      .post('/api/v1/entities/users/me/apiTokens')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Content-type', GD)
      .send('{"data":{"id":"evil","type":"apiToken"}}');
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.text).errors[0].code).toBe('cross_site_request');
  });

  it('accepts application/json, refuses bad documents and bad credentials with JSON:API errors', async () => {
    const auth = { Authorization: `Bearer ${BOOTSTRAP}` };
    const ok = await t.http
      .post('/api/v1/entities/users/john.doe/apiTokens')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send({ data: { id: 'plain-json', type: 'apiToken' } });
    expect(ok.status).toBe(201);
    const bad = await t.http
      .post('/api/v1/entities/users/john.doe/apiTokens')
      .set(auth)
      .set('Content-Type', GD)
      .send('{"data":{"id":".dot","type":"user"}}');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/vnd\.gooddata\.api\+json/);
    const wrongBootstrap = await t.http
      .get('/api/v1/entities/users/john.doe/apiTokens')
      .set('Authorization', `Bearer ${BOOTSTRAP.slice(0, -1)}x`);
    expect(wrongBootstrap.status).toBe(401);
    expect(JSON.parse(wrongBootstrap.text).errors[0]).toMatchObject({ status: '401', code: 'unauthenticated' });
    expect((await t.http.get('/api/v1/entities/users/john.doe/apiTokens')).status).toBe(401);
  });

  it('lets the bootstrap token act as an administrator on the native API, and never logs it', async () => {
    const who = await t.http.get('/api/whoami').set('Authorization', `Bearer ${BOOTSTRAP}`);
    expect(who.body).toMatchObject({ username: 'admin', role: 'admin', authenticatedBy: 'bootstrap-token' });
    expect((await t.http.get('/api/users').set('X-Auth-Token', BOOTSTRAP)).status).toBe(200);
    expect(t.logs.text).not.toContain(BOOTSTRAP);
  });
});

describe('GoodData apiTokens when the feature is off', () => {
  it('is not served', async () => {
    const t = await startTestApp('sqlite', { TESSERA_DISABLED_FEATURES: 'gooddata-api-tokens' });
    try {
      const admin = await t.signIn();
      expect((await admin.get('/api/v1/entities/users/me/apiTokens')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
