import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const PASSWORD = 'phished-password-123';

const passwordAuth = (name: string, password: string) => ({
  auth: { identity: { methods: ['password'], password: { user: { name, password, domain: { id: 'default' } } } } },
});

// F-1 (first half): a Keystone token survived its owner's password reset by an administrator, kept chaining new
// Keystone tokens and could mint a 90-day tsr_ token. A password change by anyone now ends the user's Keystone tokens.
describe.each(backends)('F-1: a password change ends the user’s Keystone tokens (%s)', (kind) => {
  let t: TestApp;
  let userId: string;
  beforeEach(async () => {
    t = await startTestApp(kind);
    userId = await t.createUser('victim', { password: PASSWORD });
  });
  afterEach(async () => t.close());

  const keystoneToken = async (name: string, password: string) => {
    const res = await t.http.post('/v3/auth/tokens').send(passwordAuth(name, password));
    expect(res.status).toBe(201);
    return res.headers['x-subject-token'] as string;
  };

  it('when an administrator resets the password: the token stops working, chaining and minting are refused', async () => {
    const stolen = await keystoneToken('victim', PASSWORD);
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', stolen)).status).toBe(200);

    const admin = await t.signIn('admin', ADMIN_PASSWORD);
    const reset = await admin.patch(`/api/users/${userId}`).set(SAME_ORIGIN).send({ password: 'reset-by-admin-456' });
    expect(reset.status).toBe(200);

    expect((await t.http.get('/api/whoami').set('X-Auth-Token', stolen)).status).toBe(401);
    const chained = await t.http
      .post('/v3/auth/tokens')
      .send({ auth: { identity: { methods: ['token'], token: { id: stolen } } } });
    expect(chained.status).toBe(401);
    const minted = await t.http
      .post('/api/users/me/auth-tokens')
      .set('X-Auth-Token', stolen)
      .send({ description: 'persistence' });
    expect(minted.status).toBe(401);
  });

  it('when the user changes their own password', async () => {
    const stolen = await keystoneToken('victim', PASSWORD);
    const owner = await t.signIn('victim', PASSWORD);
    const res = await owner
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: PASSWORD, newPassword: 'changed-by-owner-789' });
    expect(res.status).toBe(204);
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', stolen)).status).toBe(401);
    // A Keystone token issued with the new password works.
    const fresh = await keystoneToken('victim', 'changed-by-owner-789');
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', fresh)).status).toBe(200);
  });
});
