import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// F-7: an administrator changed their own password without the current one, and their other sessions (a thief's)
// survived. Now one's own password changes only through POST /api/users/me/password, with the current one, and the
// change ends every other session of the user.
describe.each(backends)('F-7: one’s own password needs the current one and ends the other sessions (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => t.close());

  it('refuses an administrator’s own password through PATCH, by id and as `me`', async () => {
    const admin = await t.signIn();
    const adminId = ((await admin.get('/api/users/me')).body as { id: string }).id;
    for (const ref of [adminId, 'me']) {
      const res = await admin.patch(`/api/users/${ref}`).set(SAME_ORIGIN).send({ password: 'a-thief-chose-this-1' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      expect(res.body.errors[0].path).toBe('password');
      expect(res.body.errors[0].message).toContain('/api/users/me/password');
    }
    // The old password still works: nothing changed.
    await t.signIn('admin', ADMIN_PASSWORD);
  });

  it('ends the other sessions (a thief’s) when the password is changed, and keeps the one that changed it', async () => {
    const owner = await t.signIn();
    const thief = await t.signIn();
    expect((await thief.get('/api/whoami')).status).toBe(200);
    const res = await owner
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'a-fresh-admin-password-7' });
    expect(res.status).toBe(204);
    expect((await thief.get('/api/whoami')).status).toBe(401);
    expect((await owner.get('/api/whoami')).status).toBe(200);
    await t.signIn('admin', 'a-fresh-admin-password-7');
  });

  it('refuses a wrong or missing current password and changes nothing', async () => {
    const owner = await t.signIn();
    const other = await t.signIn();
    const wrong = await owner
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: 'not-the-password', newPassword: 'a-fresh-admin-password-7' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('current_password_incorrect');
    const missing = await owner
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ newPassword: 'a-fresh-admin-password-7' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('invalid_request');
    const common = await owner
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'password1234' });
    expect(common.status).toBe(400);
    expect(common.body.errors[0].path).toBe('newPassword');
    const same = await owner
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD });
    expect(same.status).toBe(400);
    const anonymous = await t.http
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'a-fresh-admin-password-7' });
    expect(anonymous.status).toBe(401);
    const crossSite = await owner
      .post('/api/users/me/password')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'a-fresh-admin-password-7' });
    expect(crossSite.status).toBe(403);
    expect((await other.get('/api/whoami')).status).toBe(200);
    await t.signIn('admin', ADMIN_PASSWORD);
    // The refusal is audited, without either password.
    const activity = await owner.get('/api/activity?action=user.password_change');
    expect(JSON.stringify(activity.body)).toContain('current_password_incorrect');
    expect(JSON.stringify(activity.body)).not.toContain('not-the-password');
    expect(t.logs.text).not.toContain('not-the-password');
  });
});
