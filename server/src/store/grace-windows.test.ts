import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from './audit.js';
import { at, digestOf, newToken, newUser } from '../test-support/store-fixtures.js';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import type { OldSecretUse } from './grace-windows.js';

const useAudit = (tokenId: string, userId: string): AuditEvent => ({
  id: randomUUID(),
  at: at(5000),
  action: 'auth_token.old_secret_use',
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId: userId,
  tokenId,
  ip: '198.51.100.7',
  userAgent: 'curl/8.5',
  details: { address: '198.51.100.7', userAgent: 'curl/8.5' },
});

// Issue 20, point 3: the previous-secrets table as the store keeps it, on both databases.
describe.each(backends)('grace windows in the store (%s)', (kind) => {
  let ts: TestStore;
  let owner: string;
  beforeAll(async () => {
    ts = await openTestStore(kind);
    owner = (await ts.store.users.create(newUser(`grace-${randomUUID().slice(0, 8)}`))).id;
  });
  afterAll(() => ts.cleanup());

  /** A token regenerated with a window until `until`; its first secret's digest is the previous one. */
  async function regenerated(until: string | null) {
    const t = newToken(owner);
    await ts.store.authTokens.create(t, 100);
    const startedAt = new Date().toISOString();
    const done = await ts.store.authTokens.regenerate(owner, t.id, {
      digest: digestOf(randomUUID()),
      hint: 'tsr_…new1',
      expiresAt: null,
      regeneratedAt: startedAt,
      graceUntil: until,
    });
    expect(done).toMatchObject({ id: t.id });
    return { token: t, startedAt };
  }

  it('finds the token by its previous secret only while a window holds it, never by the current lookup', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const { token, startedAt } = await regenerated(until);
    expect(await ts.store.authTokens.findCredential(token.digest)).toBeUndefined();
    expect(await ts.store.authTokens.findPreviousSecret(token.digest)).toMatchObject({
      tokenId: token.id,
      grace: { startedAt, until },
    });
    const open = await ts.store.graceWindows.open('auth_token', [token.id], new Date().toISOString());
    expect(open.get(token.id)).toMatchObject({ until, oldSecretHint: token.hint, oldSecretUseCount: 0 });
    expect(await ts.store.graceWindows.end('auth_token', token.id, new Date().toISOString())).toBe(true);
    expect(await ts.store.authTokens.findPreviousSecret(token.digest)).toBeUndefined();
    expect(await ts.store.graceWindows.end('auth_token', token.id, new Date().toISOString())).toBe(false);

    // Without a window the previous secret is not kept at all.
    const none = await regenerated(null);
    expect(await ts.store.authTokens.findPreviousSecret(none.token.digest)).toBeUndefined();
  });

  it('writes a pair’s audit row once per window, counts every use, and drops uses of a replaced window', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const { token, startedAt } = await regenerated(until);
    const use = (count: number, newer: string): OldSecretUse => ({
      kind: 'auth_token',
      credentialId: token.id,
      startedAt,
      at: newer,
      ip: '198.51.100.7',
      userAgent: 'curl/8.5',
      count,
      clients: [{ ip: '198.51.100.7', userAgent: 'curl/8.5', audit: useAudit(token.id, owner) }],
    });
    expect(await ts.store.graceWindows.recordUses([use(3, at(6000))])).toHaveLength(1);
    // The same pair again (another replica's flush, or this one after a restart): counted, not told again.
    expect(await ts.store.graceWindows.recordUses([use(2, at(5000))])).toHaveLength(0);
    const w = (await ts.store.graceWindows.open('auth_token', [token.id], new Date().toISOString())).get(token.id);
    expect(w).toMatchObject({ oldSecretUseCount: 5, oldSecretLastUsedAt: at(6000), oldSecretUserAgent: 'curl/8.5' });
    const rows = await ts.store.audit.list({ action: 'auth_token.old_secret_use', limit: 10 });
    expect(rows.events.filter((e) => e.tokenId === token.id)).toHaveLength(1);

    // A later regenerate replaces the window: uses of the one before are dropped.
    await ts.store.authTokens.regenerate(owner, token.id, {
      digest: digestOf(randomUUID()),
      hint: 'tsr_…new2',
      expiresAt: null,
      regeneratedAt: new Date(Date.now() + 1000).toISOString(),
      graceUntil: until,
    });
    expect(await ts.store.graceWindows.recordUses([use(1, at(7000))])).toHaveLength(0);
    const after = (await ts.store.graceWindows.open('auth_token', [token.id], new Date().toISOString())).get(token.id);
    expect(after).toMatchObject({ oldSecretHint: 'tsr_…new1', oldSecretUseCount: 0 });
  });

  it('keeps an ended window out of lists and purges it; a deleted token takes its window with it', async () => {
    const { token } = await regenerated(new Date(Date.now() + 1000).toISOString());
    const later = new Date(Date.now() + 2000).toISOString();
    expect((await ts.store.graceWindows.open('auth_token', [token.id], later)).size).toBe(0);
    expect(await ts.store.graceWindows.end('auth_token', token.id, later)).toBe(false);
    expect(await ts.store.graceWindows.findByDigest('auth_token', token.digest)).toMatchObject({
      credentialId: token.id,
    });
    expect(await ts.store.graceWindows.purgeEnded(later)).toBeGreaterThanOrEqual(1);
    expect(await ts.store.graceWindows.findByDigest('auth_token', token.digest)).toBeUndefined();

    const gone = await regenerated(new Date(Date.now() + 3_600_000).toISOString());
    await ts.store.authTokens.delete(owner, gone.token.id);
    expect(await ts.store.graceWindows.findByDigest('auth_token', gone.token.digest)).toBeUndefined();
  });
});
