import { generate } from 'otplib';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KyselyStore } from '../store/kysely-store.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { SoftAuthenticator } from '../test-support/soft-authenticator.js';

const ORIGIN = 'http://localhost:3230';
const PASSWORD = 'alice-password-123';
const now = () => Math.floor(Date.now() / 1000);
/** A code of the step `offset` steps from now (the server accepts one step either side, each step once). */
const code = (secret: string, offset = 0) => generate({ secret, epoch: now() + offset * 30 });

async function enrolTotp(agent: TestAgent) {
  const start = await agent.post('/api/users/me/mfa/totp').set(SAME_ORIGIN);
  expect(start.status).toBe(200);
  const secret = start.body.secret as string;
  const confirm = await agent
    .post('/api/users/me/mfa/totp/confirm')
    .set(SAME_ORIGIN)
    .send({ code: await code(secret) });
  expect(confirm.status).toBe(200);
  return { secret, recoveryCodes: confirm.body.recoveryCodes as string[], start: start.body };
}

describe.each(backends)('two-factor authentication (%s)', (kind) => {
  let t: TestApp;
  let aliceId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ORIGIN, TESSERA_SIGN_IN_MAX_FAILURES: '4' });
    aliceId = await t.createUser('alice');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.close();
  });
  const signInBody = (extra: Record<string, unknown> = {}) => ({ username: 'alice', password: PASSWORD, ...extra });

  it('enrols an authenticator app with a QR code and a first code; ten recovery codes shown once, nothing in clear', async () => {
    const alice = await t.signIn('alice', PASSWORD);
    expect((await alice.get('/api/users/me/mfa')).body).toMatchObject({ enabled: false, required: false });
    const start = await alice.post('/api/users/me/mfa/totp').set(SAME_ORIGIN);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Tessera:alice\?/);
    expect(start.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    // Not on until confirmed: the password alone still signs in.
    expect((await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody())).status).toBe(200);

    const wrong = await alice.post('/api/users/me/mfa/totp/confirm').set(SAME_ORIGIN).send({ code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('code');
    const ok = await alice
      .post('/api/users/me/mfa/totp/confirm')
      .set(SAME_ORIGIN)
      .send({ code: await code(start.body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    const status = (await alice.get('/api/users/me/mfa')).body;
    expect(status).toMatchObject({ enabled: true, totp: { enabled: true }, recoveryCodesRemaining: 10 });

    const db = (t.store as KyselyStore).db;
    const totpRow = await db.selectFrom('user_mfa_totp').selectAll().executeTakeFirstOrThrow();
    expect(totpRow.secret_encrypted).not.toContain(start.body.secret);
    const codeRows = await db.selectFrom('user_recovery_codes').selectAll().execute();
    const stored = JSON.stringify(codeRows);
    for (const c of ok.body.recoveryCodes as string[]) expect(stored).not.toContain(c.replace('-', ''));
    expect(t.logs.text).not.toContain(start.body.secret);
    const activity = await alice.get('/api/users/me/activity');
    expect(JSON.stringify(activity.body)).toContain('mfa.totp_enable');
    expect(JSON.stringify(activity.body)).not.toContain(start.body.secret);
  });

  it('signs in with a second factor: mfa_required with methods, then a code once, a recovery code once', async () => {
    const { secret, recoveryCodes } = await enrolTotp(await t.signIn('alice', PASSWORD));
    const first = await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody());
    expect(first.status).toBe(401);
    expect(first.headers['content-type']).toMatch(/problem\+json/);
    expect(first.body).toMatchObject({ code: 'mfa_required', methods: ['totp', 'recovery_code'] });
    expect(String(first.headers['set-cookie'] ?? '')).not.toBe('');

    const otp = await code(secret, 1);
    const good = await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody({ otp }));
    expect(good.status).toBe(200);
    expect(good.body.user.username).toBe('alice');
    // The same code again (another browser, same step) is a replay.
    const replay = await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody({ otp }));
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('mfa_invalid');

    const viaCode = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send(signInBody({ recoveryCode: recoveryCodes[0]!.toUpperCase() }));
    expect(viaCode.status).toBe(200);
    const again = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send(signInBody({ recoveryCode: recoveryCodes[0] }));
    expect(again.body.code).toBe('mfa_invalid');
    // A wrong password with a right code says only that the sign-in failed.
    const wrongPassword = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'alice', password: 'not-the-password', recoveryCode: recoveryCodes[1] });
    expect(wrongPassword.body.code).toBe('unauthenticated');
    const alice = await t.signIn('alice', PASSWORD).catch((e: Error) => e.message);
    expect(String(alice)).toMatch(/401/);
    expect(t.logs.text).not.toContain(recoveryCodes[0]);
  });

  it('counts a wrong second factor as a failed sign-in, and a right password asking for one not', async () => {
    const { secret } = await enrolTotp(await t.signIn('alice', PASSWORD));
    for (let i = 0; i < 6; i++)
      expect((await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody())).body.code).toBe('mfa_required');
    for (let i = 0; i < 4; i++)
      expect(
        (
          await t.http
            .post('/api/session')
            .set(SAME_ORIGIN)
            .send(signInBody({ otp: '123 456' }))
        ).status,
      ).toBe(401);
    const locked = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send(signInBody({ otp: await code(secret, 1) }));
    expect(locked.status).toBe(429);
  });

  it('adds a passkey and signs in with it through the WebAuthn routes; renames and removes it', async () => {
    const alice = await t.signIn('alice', PASSWORD);
    const key = new SoftAuthenticator(ORIGIN);
    const options = await alice.post('/api/users/me/mfa/webauthn/registration-options').set(SAME_ORIGIN);
    expect(options.status).toBe(200);
    expect(options.body.rp).toEqual({ id: 'localhost', name: 'Tessera' });
    const added = await alice
      .post('/api/users/me/mfa/webauthn/registrations')
      .set(SAME_ORIGIN)
      .send({ name: 'Laptop', credential: key.register(options.body) });
    expect(added.status).toBe(201);
    expect(added.body.passkey).toMatchObject({ id: key.id, name: 'Laptop' });
    expect(added.body.recoveryCodes).toHaveLength(10);
    // The challenge was used: the same attestation again is refused.
    const replayed = await alice
      .post('/api/users/me/mfa/webauthn/registrations')
      .set(SAME_ORIGIN)
      .send({ name: 'Again', credential: key.register(options.body) });
    expect(replayed.status).toBe(409);

    const browser = request.agent(t.tessera.app);
    const step1 = await browser.post('/api/session').set(SAME_ORIGIN).send(signInBody());
    expect(step1.body).toMatchObject({ code: 'mfa_required', methods: ['webauthn', 'recovery_code'] });
    const opts = await browser.post('/api/session/webauthn/options').set(SAME_ORIGIN);
    expect(opts.status).toBe(200);
    expect(opts.body.allowCredentials[0].id).toBe(key.id);
    // A passkey that is not Alice's is refused, and the challenge is spent.
    const stranger = new SoftAuthenticator(ORIGIN);
    const bad = await browser
      .post('/api/session/webauthn')
      .set(SAME_ORIGIN)
      .send({ credential: stranger.assert(opts.body) });
    expect(bad.body.code).toBe('mfa_invalid');
    const spent = await browser
      .post('/api/session/webauthn')
      .set(SAME_ORIGIN)
      .send({ credential: key.assert(opts.body) });
    expect(spent.status).toBe(401);
    const request2 = await browser.post('/api/session/webauthn/options').set(SAME_ORIGIN);
    const signedIn = await browser
      .post('/api/session/webauthn')
      .set(SAME_ORIGIN)
      .send({ credential: key.assert(request2.body) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.username).toBe('alice');
    expect((await browser.get('/api/whoami')).body.username).toBe('alice');
    const status = (await alice.get('/api/users/me/mfa')).body;
    expect(status.passkeys[0].lastUsedAt).not.toBeNull();

    const renamed = await alice
      .patch(`/api/users/me/mfa/webauthn/${key.id}`)
      .set(SAME_ORIGIN)
      .send({ name: 'Work laptop' });
    expect(renamed.body.name).toBe('Work laptop');
    expect((await alice.delete(`/api/users/me/mfa/webauthn/${key.id}`).set(SAME_ORIGIN)).status).toBe(204);
    // The last factor gone, the recovery codes go with it and the password alone signs in.
    expect((await alice.get('/api/users/me/mfa')).body).toMatchObject({ enabled: false, recoveryCodesRemaining: 0 });
    expect((await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody())).status).toBe(200);
  });

  it('lets only the user change their factors, from a session; an administrator resets them, audited', async () => {
    const alice = await t.signIn('alice', PASSWORD);
    await enrolTotp(alice);
    const admin = await t.signIn();
    expect((await admin.post(`/api/users/${aliceId}/mfa/totp`).set(SAME_ORIGIN)).status).toBe(404);
    expect((await admin.get(`/api/users/${aliceId}/mfa`)).body.enabled).toBe(true);
    const token = (await t.createToken(alice)).token;
    const byToken = await t.http.post('/api/users/me/mfa/recovery-codes').set('Authorization', `Bearer ${token}`);
    expect(byToken.status).toBe(403);
    expect(byToken.body.code).toBe('session_required');
    expect((await alice.delete(`/api/users/${aliceId}/mfa`).set(SAME_ORIGIN)).status).toBe(403);

    expect((await admin.delete(`/api/users/${aliceId}/mfa`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await admin.delete('/api/users/no-such-user/mfa').set(SAME_ORIGIN)).status).toBe(404);
    const own = await admin.delete('/api/users/me/mfa').set(SAME_ORIGIN);
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('mfa_own_reset');
    expect((await t.http.post('/api/session').set(SAME_ORIGIN).send(signInBody())).status).toBe(200);
    const activity = await admin.get(`/api/users/${aliceId}/activity`);
    expect(JSON.stringify(activity.body)).toContain('mfa.reset');
  });

  it('regenerates recovery codes: the old ones stop working', async () => {
    const alice = await t.signIn('alice', PASSWORD);
    const { recoveryCodes } = await enrolTotp(alice);
    const fresh = await alice.post('/api/users/me/mfa/recovery-codes').set(SAME_ORIGIN);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const old = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send(signInBody({ recoveryCode: recoveryCodes[0] }));
    expect(old.body.code).toBe('mfa_invalid');
    const ok = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send(signInBody({ recoveryCode: fresh.body.recoveryCodes[3] }));
    expect(ok.status).toBe(200);
  });

  it('asks an old session to confirm it is the user before changing a second factor', async () => {
    const alice = await t.signIn('alice', PASSWORD);
    const realNow = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(realNow + 16 * 60_000);
    const res = await alice.post('/api/users/me/mfa/totp').set(SAME_ORIGIN);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('reauthentication_required');
  });
});

describe.each(backends)('confirming it is you with a second factor (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ORIGIN, TESSERA_REAUTH_MINUTES: '1' });
    await t.createUser('alice');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  it('takes a code, a recovery code (once) or a passkey instead of the password, and a wrong one is mfa_invalid', async () => {
    const alice = await t.signIn('alice', PASSWORD);
    const { secret } = await enrolTotp(alice);
    const key = new SoftAuthenticator(ORIGIN);
    const reg = await alice.post('/api/users/me/mfa/webauthn/registration-options').set(SAME_ORIGIN);
    await alice
      .post('/api/users/me/mfa/webauthn/registrations')
      .set(SAME_ORIGIN)
      .send({ name: 'Key', credential: key.register(reg.body) });
    const start = Date.now();
    const at = (minutes: number) => vi.spyOn(Date, 'now').mockReturnValue(start + minutes * 60_000);
    const reauth = (body: Record<string, unknown>) =>
      alice.post('/api/session/reauthenticate').set(SAME_ORIGIN).send(body);

    at(2);
    expect((await alice.post('/api/users/me/mfa/recovery-codes').set(SAME_ORIGIN)).body.code).toBe(
      'reauthentication_required',
    );
    const wrong = await reauth({ otp: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('mfa_invalid');
    expect((await reauth({ otp: await code(secret), password: PASSWORD })).status).toBe(400);
    expect((await reauth({ otp: await code(secret) })).status).toBe(204);
    const fresh = await alice.post('/api/users/me/mfa/recovery-codes').set(SAME_ORIGIN);
    expect(fresh.status).toBe(200);

    at(4);
    expect((await reauth({ recoveryCode: fresh.body.recoveryCodes[0] })).status).toBe(204);
    expect((await reauth({ recoveryCode: fresh.body.recoveryCodes[0] })).body.code).toBe('mfa_invalid');

    at(6);
    const options = await alice.post('/api/session/reauthenticate/webauthn-options').set(SAME_ORIGIN);
    expect(options.status).toBe(200);
    expect((await reauth({ webauthn: key.assert(options.body) })).status).toBe(204);
    // The challenge was used once.
    expect((await reauth({ webauthn: key.assert(options.body) })).body.code).toBe('mfa_invalid');
    const renamed = await alice.patch(`/api/users/me/mfa/webauthn/${key.id}`).set(SAME_ORIGIN).send({ name: 'Key 2' });
    expect(renamed.status).toBe(200);
    const activity = JSON.stringify((await alice.get('/api/users/me/activity')).body);
    expect(activity).toContain('session.reauthenticate');
    expect(activity).not.toContain(fresh.body.recoveryCodes[0]);
  });
});

describe.each(backends)('TESSERA_REQUIRE_MFA (%s)', (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());
  const BOOTSTRAP = 'bootstrap-token-for-the-mfa-tests-0123456789';
  /** Users made with the bootstrap token: the admin's own session may do nothing before it enrols. */
  const start = async (require: string) => {
    t = await startTestApp(kind, {
      TESSERA_PUBLIC_URL: ORIGIN,
      TESSERA_REQUIRE_MFA: require,
      TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP,
    });
    const res = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${BOOTSTRAP}`)
      .send({ username: 'alice', password: PASSWORD, displayName: 'Alice', role: 'user' });
    expect(res.status).toBe(201);
  };

  it('all: a user without a second factor may only enrol until they have one, and not remove the last', async () => {
    await start('all');
    const alice = await t.signIn('alice', PASSWORD);
    const session = await alice.get('/api/session');
    expect(session.body.mfaEnrolmentRequired).toBe(true);
    const blocked = await alice.get('/api/users/me/auth-tokens');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('mfa_enrolment_required');
    expect((await alice.get('/api/users/me/activity')).status).toBe(403);
    expect((await alice.get('/api/whoami')).status).toBe(200);
    expect((await alice.get('/api/users/me')).status).toBe(200);
    expect((await alice.get('/api/users/me/mfa')).body.required).toBe(true);

    await enrolTotp(alice);
    expect((await alice.get('/api/session')).body.mfaEnrolmentRequired).toBeUndefined();
    expect((await alice.get('/api/users/me/auth-tokens')).status).toBe(200);
    const last = await alice.delete('/api/users/me/mfa/totp').set(SAME_ORIGIN);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('mfa_required_by_policy');
  });

  it('admins: only administrators must enrol; tokens are never held back', async () => {
    await start('admins');
    const alice = await t.signIn('alice', PASSWORD);
    expect((await alice.get('/api/users/me/auth-tokens')).status).toBe(200);
    const token = (await t.createToken(alice)).token;
    const admin = await t.signIn();
    expect((await admin.get('/api/session')).body.mfaEnrolmentRequired).toBe(true);
    expect((await admin.get('/api/users')).body.code).toBe('mfa_enrolment_required');
    expect((await t.http.get('/api/users/me/auth-tokens').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
});
