import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymousContext } from '../audit/context.js';
import { TooManyRequests } from '../errors.js';
import { SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { MfaService } from './service.js';

describe('wrong second factors per account', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp('sqlite', { TESSERA_SIGN_IN_MAX_FAILURES: '3' });
  });
  afterEach(async () => t.close());

  it('refuses the account’s second factor after too many wrong ones from any address, until a window ends', async () => {
    const id = await t.createUser('alice');
    const alice = await t.signIn('alice', 'alice-password-123');
    const secret = (await alice.post('/api/users/me/mfa/totp').set(SAME_ORIGIN)).body.secret as string;
    const now = Math.floor(Date.now() / 1000);
    await alice
      .post('/api/users/me/mfa/totp/confirm')
      .set(SAME_ORIGIN)
      .send({ code: await generate({ secret, epoch: now }) });

    // A service as the app builds it, over the same store: the count is per account, whatever the address.
    const mfa = new MfaService(
      t.store.mfa,
      t.store.users,
      t.tessera.services.audit,
      t.config,
      'test-session-secret-that-is-long-enough',
    );
    const user = { id, username: 'alice' };
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      expect(await mfa.verify(anonymousContext(ip, undefined), user, { otp: '000000' })).toBe(false);
    const right = await generate({ secret, epoch: now + 30 });
    await expect(mfa.verify(anonymousContext('198.51.100.7', undefined), user, { otp: right })).rejects.toBeInstanceOf(
      TooManyRequests,
    );
    // Another account is not affected.
    expect(
      await mfa.verify(anonymousContext('192.0.2.1', undefined), { id: 'someone-else', username: 'x' }, { otp: '1' }),
    ).toBe(false);
  });

  it('starts the count over after a right answer', async () => {
    const id = await t.createUser('bob');
    const bob = await t.signIn('bob', 'bob-password-123');
    const secret = (await bob.post('/api/users/me/mfa/totp').set(SAME_ORIGIN)).body.secret as string;
    const now = Math.floor(Date.now() / 1000);
    await bob
      .post('/api/users/me/mfa/totp/confirm')
      .set(SAME_ORIGIN)
      .send({ code: await generate({ secret, epoch: now - 30 }) });
    const mfa = new MfaService(
      t.store.mfa,
      t.store.users,
      t.tessera.services.audit,
      t.config,
      'test-session-secret-that-is-long-enough',
    );
    const ctx = anonymousContext('192.0.2.1', undefined);
    const user = { id, username: 'bob' };
    expect(await mfa.verify(ctx, user, { otp: '000000' })).toBe(false);
    expect(await mfa.verify(ctx, user, { otp: '000000' })).toBe(false);
    expect(await mfa.verify(ctx, user, { otp: await generate({ secret, epoch: now }) })).toBe(true);
    expect(await mfa.verify(ctx, user, { otp: '000000' })).toBe(false);
    expect(await mfa.verify(ctx, user, { otp: '000000' })).toBe(false);
    expect(await mfa.verify(ctx, user, { otp: await generate({ secret, epoch: now + 30 }) })).toBe(true);
  });
});
