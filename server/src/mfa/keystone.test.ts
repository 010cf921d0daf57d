import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const PASSWORD = 'alice-password-123';
const code = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });
const auth = (extra: { methods?: string[]; passcode?: string } = {}) => ({
  auth: {
    identity: {
      methods: extra.methods ?? ['password'],
      password: { user: { name: 'alice', password: PASSWORD, domain: { name: 'Default' } } },
      ...(extra.passcode !== undefined ? { totp: { user: { name: 'alice', passcode: extra.passcode } } } : {}),
    },
  },
});

describe.each(backends)('Keystone password authentication with two-factor authentication (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_SIGN_IN_MAX_FAILURES: '20' });
    await t.createUser('alice');
  });
  afterEach(async () => t.close());

  it('asks a user with a second factor for Keystone’s totp method too: the password alone mints nothing', async () => {
    expect((await t.http.post('/v3/auth/tokens').send(auth())).status).toBe(201);
    const alice = await t.signIn('alice', PASSWORD);
    const secret = (await alice.post('/api/users/me/mfa/totp').set(SAME_ORIGIN)).body.secret as string;
    await alice
      .post('/api/users/me/mfa/totp/confirm')
      .set(SAME_ORIGIN)
      .send({ code: await code(secret) });

    const alone = await t.http.post('/v3/auth/tokens').send(auth());
    expect(alone.status).toBe(401);
    expect(alone.headers['x-subject-token']).toBeUndefined();
    expect(alone.body.error.message).toMatch(/totp/);
    const wrong = await t.http
      .post('/v3/auth/tokens')
      .send(auth({ methods: ['password', 'totp'], passcode: '000000' }));
    expect(wrong.status).toBe(401);
    const passcode = await code(secret, 1);
    const ok = await t.http.post('/v3/auth/tokens').send(auth({ methods: ['password', 'totp'], passcode }));
    expect(ok.status).toBe(201);
    expect(ok.body.token.methods).toEqual(['password', 'totp']);
    expect(ok.headers['x-subject-token']).toMatch(/^tsk_/);
    // The same passcode again is a replay.
    const replay = await t.http.post('/v3/auth/tokens').send(auth({ methods: ['password', 'totp'], passcode }));
    expect(replay.status).toBe(401);
    expect(t.logs.text).not.toContain(passcode);
  });
});
