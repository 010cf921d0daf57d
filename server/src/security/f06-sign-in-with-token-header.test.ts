import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const BOOTSTRAP = 'bootstrap-token-for-f06-tests-0123456789abcdef';

/**
 * F-6: `POST /api/session` carrying a token header and a correct password answered 500 (no session on a
 * token-authenticated request) and audited nothing, while a wrong password answered 401: a password oracle the
 * victim never saw. Now any token header is refused with 400 `token_not_accepted` before the password is looked at
 * (the same answer for a right and a wrong one), and the attempt is audited on the named account.
 */
describe.each(backends)('F-6 sign-in with a token header (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP });
  });
  afterEach(async () => t.close());

  it('refuses every token header with 400, right password or wrong, starts no session, and audits it', async () => {
    const aliceId = await t.createUser('alice', { password: 'alice-long-password' });
    const alice = await t.signIn('alice', 'alice-long-password');
    const { token: tsr } = await t.createToken(alice);
    const keystone = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: 'alice-long-password', domain: { name: 'Default' } } },
        },
      },
    });
    const tsk = keystone.headers['x-subject-token'] as string;
    expect(tsk).toMatch(/^tsk_/);
    const headers: [string, string][] = [
      ['Authorization', `Bearer ${tsr}`],
      ['X-Auth-Token', tsr],
      ['Authorization', `Basic ${Buffer.from(`alice:${tsr}`).toString('base64')}`],
      ['X-Auth-Token', tsk],
      ['Authorization', `Bearer ${tsk}`],
      ['Authorization', `Bearer ${BOOTSTRAP}`],
    ];
    let attempts = 0;
    for (const [name, value] of headers) {
      for (const password of [ADMIN_PASSWORD, 'wrong-password-here']) {
        const res = await t.http
          .post('/api/session')
          .set(SAME_ORIGIN)
          .set(name, value)
          .send({ username: 'admin', password });
        attempts++;
        expect(res.status, `${name}: ${value.slice(0, 12)}…`).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.code).toBe('token_not_accepted');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    }
    // A body that is not even a sign-in gets the same answer.
    expect((await t.http.post('/api/session').set(SAME_ORIGIN).set('X-Auth-Token', tsr).send({})).status).toBe(400);

    const admin = await t.signIn();
    const events = await admin.get('/api/activity?action=session.sign_in&outcome=failure');
    const refused = (
      events.body.items as { target: { id: string } | null; details: Record<string, unknown> | null }[]
    ).filter((e) => e.details?.reason === 'token_header');
    expect(refused.length).toBe(attempts + 1);
    expect(refused.filter((e) => e.target?.id !== undefined && e.details?.username === 'admin')).toHaveLength(attempts);
    expect(JSON.stringify(events.body)).not.toContain(ADMIN_PASSWORD);
    // The victim sees it in their own activity.
    const adminId = ((await admin.get('/api/users/me')).body as { id: string }).id;
    expect(refused.every((e) => e.target === null || e.target.id === adminId)).toBe(true);
    expect(aliceId).not.toBe(adminId);
  });
});
