import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

/**
 * A password typed into the username field was stored verbatim in the audit trail and the log. A failed attempt's
 * claimed name is now recorded only when it could be a username (the username rule, contract/rules.ts); otherwise
 * as "(not a username)" — console sign-in and Keystone alike, and in the throttle's keys.
 */
describe.each(backends)('a password typed into the username field (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => t.close());

  const PASSWORDS = ['Correct Horse Battery!', 'p@ssW0rd#2026', 'TrickyPassw0rd$'];

  it('records "(not a username)" in the audit and the log, and a real name as itself', async () => {
    for (const typed of PASSWORDS) {
      expect((await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: typed, password: 'x' })).status).toBe(
        401,
      );
      const ks = await t.http.post('/v3/auth/tokens').send({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: typed, password: 'x', domain: { name: 'Default' } } },
          },
        },
      });
      expect(ks.status).toBe(401);
    }
    expect(
      (await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'no-such-user', password: 'x' })).status,
    ).toBe(401);

    const admin = await t.signIn();
    const failures = await admin.get('/api/activity?outcome=failure&limit=100');
    const actors = (failures.body.items as { actor: { username: string | null } | null }[]).map(
      (e) => e.actor?.username,
    );
    expect(actors.filter((a) => a === '(not a username)')).toHaveLength(PASSWORDS.length * 2);
    expect(actors).toContain('no-such-user');
    const exported = JSON.stringify(failures.body) + t.logs.text;
    for (const typed of PASSWORDS) {
      expect(exported).not.toContain(typed);
      expect(exported.toLowerCase()).not.toContain(typed.toLowerCase());
    }
  });
});
