import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

describe.each(backends)('user administration API (%s)', (kind) => {
  describe('updating users', () => {
    let t: TestApp;
    let admin: TestAgent;
    let adminId: string;
    let userId: string;
    let n = 0;
    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await t.signIn();
      adminId = (await admin.get('/api/whoami')).body.id as string;
    });
    afterAll(async () => t.close());
    // Each test gets its own user, so no test depends on what another did.
    let username: string;
    const password = 'original-password-1';
    beforeEach(async () => {
      username = `patched${n++}`;
      userId = await t.createUser(username, { password });
    });

    const patch = (body: Record<string, unknown>, id = userId) =>
      admin.patch(`/api/users/${id}`).set(SAME_ORIGIN).send(body);

    it('changes the display name and records who did it', async () => {
      const res = await patch({ displayName: '  New Name  ' });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('New Name');
      expect((await t.store.users.get(userId))?.displayName).toBe('New Name');
      const audit = await t.store.audit.list({ userId, action: 'user.update', limit: 5 });
      expect(audit.events[0]).toMatchObject({
        actorId: adminId,
        targetUserId: userId,
        details: { changed: ['displayName'] },
      });
    });

    it('promotes a user to administrator, who may then list users', async () => {
      const user = await t.signIn(username, password);
      expect((await user.get('/api/users')).status).toBe(403);
      expect((await patch({ role: 'admin' })).body.role).toBe('admin');
      expect((await user.get('/api/users')).status).toBe(200);
      expect((await patch({ role: 'user' })).body.role).toBe('user');
      expect((await user.get('/api/users')).status).toBe(403);
    });

    it('disables a user: sign-in fails like a wrong password, their session and tokens stop working', async () => {
      const user = await t.signIn(username, password);
      const { token } = await t.createToken(user);
      expect((await patch({ disabled: true })).body.disabled).toBe(true);

      expect((await user.get('/api/whoami')).status).toBe(401);
      expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`)).status).toBe(401);
      const signIn = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username, password });
      const wrong = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username, password: 'wrong-password-1' });
      expect(signIn.status).toBe(401);
      expect(signIn.body).toEqual(wrong.body);

      expect((await patch({ disabled: false })).body.disabled).toBe(false);
      expect((await t.signIn(username, password).then((a) => a.get('/api/whoami'))).status).toBe(200);
    });

    it('resets a password: the old one stops working, the new one works, old sessions end', async () => {
      const user = await t.signIn(username, password);
      expect((await patch({ password: 'brand-new-password-2' })).status).toBe(200);
      expect((await user.get('/api/whoami')).status).toBe(401);
      expect((await t.http.post('/api/session').set(SAME_ORIGIN).send({ username, password })).status).toBe(401);
      await t.signIn(username, 'brand-new-password-2');
      const audit = await t.store.audit.list({ userId, action: 'user.update', limit: 5 });
      expect(JSON.stringify(audit.events)).not.toContain('brand-new-password-2');
      expect((await patch({ password: 'Xq9!zT-w' })).status).toBe(400);
    });

    it('turns API tokens off and on: creation refused and existing tokens refused while off', async () => {
      const user = await t.signIn(username, password);
      const { token } = await t.createToken(user);
      expect((await patch({ apiTokensEnabled: false })).body.apiTokensEnabled).toBe(false);
      const create = await user.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x' });
      expect(create.status).toBe(422);
      expect(create.body.code).toBe('api_tokens_disabled');
      expect((await t.http.get('/api/whoami').set('X-Auth-Token', token)).status).toBe(401);
      expect((await user.get('/api/users/me/auth-tokens')).body.user.apiTokensEnabled).toBe(false);

      expect((await patch({ apiTokensEnabled: true })).body.apiTokensEnabled).toBe(true);
      expect((await t.http.get('/api/whoami').set('X-Auth-Token', token)).status).toBe(200);
    });

    it('refuses an administrator disabling or demoting themselves', async () => {
      for (const body of [{ disabled: true }, { role: 'user' }]) {
        const res = await patch(body, adminId);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('self_lockout');
      }
      expect((await admin.get('/api/whoami')).body.role).toBe('admin');
      expect((await t.store.users.get(adminId))?.disabled).toBe(false);
      // `me` is the same account.
      expect((await patch({ disabled: true }, 'me')).status).toBe(409);
    });

    it('refuses an empty patch', async () => {
      const res = await patch({});
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    });
  });
});
