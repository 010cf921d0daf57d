import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

/**
 * F-11: a correct Keystone password for a user whose API tokens are off (403) counted as a failed sign-in, so a
 * retrying script locked its owner out of the console. A right password is no guess: it is not counted.
 */
describe.each(backends)('F-11 Keystone 403 for API tokens off is not a sign-in failure (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_SIGN_IN_MAX_FAILURES: '3', TESSERA_TRUST_PROXY: 'loopback' });
  });
  afterEach(async () => t.close());

  const keystone = (password: string) =>
    t.http
      .post('/v3/auth/tokens')
      .set('X-Forwarded-For', '198.51.100.40')
      .send({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'scripted', password, domain: { name: 'Default' } } },
          },
        },
      });

  it('lets a retrying script with the right password go on getting 403, and its owner sign in', async () => {
    await t.createUser('scripted', { password: 'scripted-long-password', apiTokensEnabled: false });
    for (let i = 0; i < 6; i++) {
      const res = await keystone('scripted-long-password');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/API tokens are turned off/);
    }
    const console = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .set('X-Forwarded-For', '198.51.100.40')
      .send({ username: 'scripted', password: 'scripted-long-password' });
    expect(console.status).toBe(200);
    // Wrong passwords from there still count.
    for (let i = 0; i < 3; i++) expect((await keystone('wrong-password-here')).status).toBe(401);
    expect((await keystone('scripted-long-password')).status).toBe(429);
  });
});
