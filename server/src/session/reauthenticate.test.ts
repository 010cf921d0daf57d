import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { ageAuthentication } from '../test-support/sessions.js';

// Step-up (ASVS 7.5.3): sensitive actions from a session authenticated more than TESSERA_REAUTH_MINUTES ago answer
// 401 reauthentication_required until POST /api/session/reauthenticate; tokens are never asked.
describe.each(backends)('step-up and re-authentication (%s)', (kind) => {
  let t: TestApp;
  let adminId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_SIGN_IN_MAX_FAILURES: '3' });
    adminId = (await t.store.users.getByUsername('admin'))!.id;
  });
  afterEach(async () => t.close());

  const expectStepUp = (res: { status: number; body: { code?: string } }) => {
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('reauthentication_required');
  };

  it('asks an old session to confirm before each sensitive action, and lets a fresh one through', async () => {
    const admin = await t.signIn();
    const userId = await t.createUser('stepuser');
    const { id: tokenId } = await t.createToken(admin);
    await ageAuthentication(t.store, adminId);

    expectStepUp(await admin.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x' }));
    expectStepUp(await admin.post(`/api/users/me/auth-tokens/${tokenId}/regenerate`).set(SAME_ORIGIN));
    expectStepUp(await admin.delete(`/api/users/me/auth-tokens/${tokenId}`).set(SAME_ORIGIN));
    expectStepUp(await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ role: 'admin' }));
    expectStepUp(await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ password: 'new-pass-for-step' }));
    expectStepUp(
      await admin
        .post('/api/users/me/password')
        .set(SAME_ORIGIN)
        .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'another-admin-pass-1' }),
    );
    const gooddata = await admin
      .post(`/api/v1/entities/users/${adminId}/apiTokens`)
      .set(SAME_ORIGIN)
      .set('Content-Type', 'application/vnd.gooddata.api+json')
      .send(JSON.stringify({ data: { type: 'apiToken', id: 'stepped' } }));
    // GoodData answers in JSON:API's error format, with the same code.
    expect(gooddata.status).toBe(401);
    expect(gooddata.text).toContain('reauthentication_required');
    expectStepUp(
      await admin
        .post('/api/users/me/oauth2-client-credentials')
        .set(SAME_ORIGIN)
        .send({ name: 'c', scopes: [{ audience: 'https://api.example.com', scope: 'read' }] }),
    );
    // Not sensitive: reading, renaming a token, a display name.
    expect((await admin.get('/api/users/me/auth-tokens')).status).toBe(200);
    expect(
      (await admin.patch(`/api/users/me/auth-tokens/${tokenId}`).set(SAME_ORIGIN).send({ description: 'y' })).status,
    ).toBe(200);
    expect((await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ displayName: 'Step' })).status).toBe(200);
    // Bad input is still a 400, before the step-up.
    expect((await admin.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ nope: 1 })).status).toBe(400);

    const confirm = await admin.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password: ADMIN_PASSWORD });
    expect(confirm.status).toBe(204);
    expect((await admin.post(`/api/users/me/auth-tokens/${tokenId}/regenerate`).set(SAME_ORIGIN)).status).toBe(200);
    expect((await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ role: 'admin' })).status).toBe(200);
  });

  it('asks before a bulk revocation, not before its dry run', async () => {
    const admin = await t.signIn();
    const userId = await t.createUser('revokee');
    const { token } = await t.createToken(admin, userId, { description: 'theirs' });
    await ageAuthentication(t.store, adminId);
    const body = { filter: { owner: 'revokee' }, reason: 'offboarding' };
    const preview = await admin.post('/api/auth-tokens/revocations?dryRun=true').set(SAME_ORIGIN).send(body);
    expect(preview.status).toBe(200);
    expect(preview.body.count).toBe(1);
    expectStepUp(await admin.post('/api/auth-tokens/revocations').set(SAME_ORIGIN).send(body));
    expectStepUp(await admin.post('/api/auth-tokens/revocations?dryRun=false').set(SAME_ORIGIN).send(body));
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('asks before resetting or deleting an OAuth client and deleting a GoodData API token', async () => {
    const admin = await t.signIn();
    const base = '/api/users/me/oauth2-client-credentials';
    const scopes = [{ audience: 'https://api.example.com', scope: 'read' }];
    const client = (await admin.post(base).set(SAME_ORIGIN).send({ name: 'job', scopes })).body as { id: string };
    const gd = await admin
      .post(`/api/v1/entities/users/${adminId}/apiTokens`)
      .set(SAME_ORIGIN)
      .set('Content-Type', 'application/vnd.gooddata.api+json')
      .send(JSON.stringify({ data: { type: 'apiToken', id: 'gd-step' } }));
    expect(gd.status).toBe(201);
    await ageAuthentication(t.store, adminId);
    expectStepUp(await admin.post(`${base}/${client.id}/reset-secret`).set(SAME_ORIGIN));
    expectStepUp(await admin.delete(`${base}/${client.id}`).set(SAME_ORIGIN));
    const gdDelete = await admin.delete(`/api/v1/entities/users/${adminId}/apiTokens/gd-step`).set(SAME_ORIGIN);
    expect(gdDelete.status).toBe(401);
    expect(gdDelete.text).toContain('reauthentication_required');
    // Renaming is not sensitive.
    expect((await admin.patch(`${base}/${client.id}`).set(SAME_ORIGIN).send({ description: 'nightly' })).status).toBe(
      200,
    );
  });

  it('gives the session a new id on re-authentication (ASVS 7.2.4): the old cookie is dead, the new one keeps the session', async () => {
    const res = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    const before = String(res.headers['set-cookie']).split(';')[0]!;
    const listed = await t.http.get('/api/users/me/sessions').set('Cookie', before);
    const again = await t.http
      .post('/api/session/reauthenticate')
      .set('Cookie', before)
      .set(SAME_ORIGIN)
      .send({ password: ADMIN_PASSWORD });
    expect(again.status).toBe(204);
    const after = String(again.headers['set-cookie']).split(';')[0]!;
    expect(after).not.toBe(before);
    expect((await t.http.get('/api/whoami').set('Cookie', before)).status).toBe(401);
    const now = await t.http.get('/api/users/me/sessions').set('Cookie', after);
    expect(now.status).toBe(200);
    // The same session in the list: its handle, sign-in time and address carried over.
    expect(now.body).toEqual(listed.body);
  });

  it('never asks a token', async () => {
    const admin = await t.signIn();
    const { token } = await t.createToken(admin);
    await ageAuthentication(t.store, adminId);
    const res = await t.http
      .post('/api/users/me/auth-tokens')
      .set('Authorization', `Bearer ${token}`)
      .send({ description: 'from a script' });
    expect(res.status).toBe(201);
  });

  it('refuses a wrong password with 401 unauthenticated, audits it, and throttles like sign-in', async () => {
    const admin = await t.signIn();
    await ageAuthentication(t.store, adminId);
    for (let i = 0; i < 3; i++) {
      const wrong = await admin
        .post('/api/session/reauthenticate')
        .set(SAME_ORIGIN)
        .send({ password: 'not-it-at-all' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('unauthenticated');
    }
    const limited = await admin.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password: ADMIN_PASSWORD });
    expect(limited.status).toBe(429);
    // The session itself is still there (a wrong confirmation does not sign out).
    expect((await admin.get('/api/whoami')).status).toBe(200);
    const activity = await admin.get('/api/activity?action=session.reauthenticate');
    expect(JSON.stringify(activity.body)).toContain('wrong_password');
    expect(t.logs.text).not.toContain('not-it-at-all');
  });

  it('needs a session: a token or no credential is 401, bad input 400', async () => {
    expect((await t.http.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password: 'x' })).status).toBe(
      401,
    );
    const admin = await t.signIn();
    expect((await admin.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({})).status).toBe(400);
    const { token } = await t.createToken(admin);
    const res = await t.http
      .post('/api/session/reauthenticate')
      .set('Authorization', `Bearer ${token}`)
      .send({ password: ADMIN_PASSWORD });
    expect(res.status).toBe(401);
  });

  it('counts a wrong current password on one’s own change toward the sign-in throttle, but not a step-up', async () => {
    const admin = await t.signIn();
    for (let i = 0; i < 3; i++) {
      const wrong = await admin
        .post('/api/users/me/password')
        .set(SAME_ORIGIN)
        .send({ currentPassword: 'not-it-at-all', newPassword: 'another-admin-pass-1' });
      expect(wrong.status).toBe(403);
    }
    const limited = await admin
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'another-admin-pass-1' });
    expect(limited.status).toBe(429);
  });
});
