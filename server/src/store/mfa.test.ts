import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, newUser } from '../test-support/store-fixtures.js';
import type { AuditEvent } from './audit.js';
import type { Store } from './store.js';

const event = (action: string, userId: string): AuditEvent => ({
  id: crypto.randomUUID(),
  at: at(0),
  action,
  outcome: 'success',
  actorId: userId,
  actorUsername: 'alice',
  targetUserId: userId,
  tokenId: null,
  ip: null,
  userAgent: null,
  details: null,
});

describe.each(backends)('MFA store on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let userId: string;
  beforeEach(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    userId = (await store.users.create(newUser('alice'))).id;
  });
  afterEach(async () => ts.cleanup());

  it('keeps an app pending until confirmed, then accepts each time step once, also when asked at the same moment', async () => {
    expect(await store.mfa.startTotp(userId, 'sealed-1', at(0))).toBe(true);
    expect(await store.mfa.startTotp(userId, 'sealed-2', at(1))).toBe(true);
    expect((await store.mfa.getTotp(userId))?.secretEncrypted).toBe('sealed-2');
    expect(await store.mfa.acceptTotpStep(userId, 100)).toBe(false);
    expect(await store.mfa.confirmTotp(userId, 100, at(2), ['d1', 'd2'], event('mfa.totp_enable', userId))).toBe(true);
    expect(await store.mfa.startTotp(userId, 'sealed-3', at(3))).toBe(false);
    expect(await store.mfa.acceptTotpStep(userId, 100)).toBe(false);
    expect(await store.mfa.acceptTotpStep(userId, 99)).toBe(false);
    const race = await Promise.all([1, 2, 3, 4].map(() => store.mfa.acceptTotpStep(userId, 101)));
    expect(race.filter(Boolean)).toHaveLength(1);
    expect((await store.mfa.getTotp(userId))?.lastUsedStep).toBe(101);
    expect(await store.mfa.summary(userId)).toMatchObject({ totpConfirmedAt: at(2), recoveryCodesRemaining: 2 });
  });

  it('uses a recovery code once, even when two requests race with it, and replaces them all', async () => {
    await store.mfa.replaceRecoveryCodes(
      userId,
      ['a', 'b', 'c'],
      at(0),
      event('mfa.recovery_codes_regenerate', userId),
    );
    const race = await Promise.all([1, 2, 3].map(() => store.mfa.useRecoveryCode(userId, 'a', at(1))));
    expect(race.filter(Boolean)).toHaveLength(1);
    expect((await store.mfa.summary(userId)).recoveryCodesRemaining).toBe(2);
    await store.mfa.replaceRecoveryCodes(userId, ['x'], at(2), event('mfa.recovery_codes_regenerate', userId));
    expect(await store.mfa.useRecoveryCode(userId, 'b', at(3))).toBe(false);
    expect(await store.mfa.useRecoveryCode(userId, 'x', at(3))).toBe(true);
  });

  it('stores passkeys with their counter, renames, removes, and an administrator’s reset leaves nothing', async () => {
    const passkey = {
      id: 'cred-1',
      userId,
      publicKey: 'pk',
      counter: 0,
      transports: ['internal'],
      name: 'Laptop',
      createdAt: at(0),
      lastUsedAt: null,
    };
    await store.mfa.addPasskey(passkey, ['c1'], event('mfa.passkey_add', userId));
    await store.mfa.recordPasskeyUse('cred-1', 7, at(5));
    expect(await store.mfa.getPasskey('cred-1')).toMatchObject({
      counter: 7,
      lastUsedAt: at(5),
      transports: ['internal'],
    });
    expect(await store.mfa.renamePasskey(userId, 'cred-1', 'Work', event('mfa.passkey_rename', userId))).toBe(true);
    expect(await store.mfa.renamePasskey('someone-else', 'cred-1', 'X', event('mfa.passkey_rename', userId))).toBe(
      false,
    );
    await store.mfa.startTotp(userId, 'sealed', at(6));
    expect(await store.mfa.resetAll(userId, event('mfa.reset', userId))).toBe(true);
    expect(await store.mfa.summary(userId)).toEqual({ totpConfirmedAt: null, passkeys: [], recoveryCodesRemaining: 0 });
    expect(await store.mfa.getTotp(userId)).toBeUndefined();
    expect(await store.mfa.resetAll(userId, event('mfa.reset', userId))).toBe(false);
    const audit = await store.audit.list({ userId, limit: 10 });
    expect(audit.events.map((e) => e.action).sort()).toEqual(['mfa.passkey_add', 'mfa.passkey_rename', 'mfa.reset']);
  });
});
