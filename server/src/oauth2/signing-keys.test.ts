import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { backends, LogCapture, openTestStore, type TestStore } from '../test-support/harness.js';
import { PrivateKeyCipher, SigningKeys } from './signing-keys.js';

const logger = createLogger('silent', new LogCapture());

describe('PrivateKeyCipher', () => {
  it('round-trips, binds the kid and refuses another session secret', () => {
    const a = new PrivateKeyCipher('session-secret-a-long-enough-for-tests');
    const sealed = a.encrypt('{"d":"private"}', 'kid-1');
    expect(sealed).not.toContain('private');
    expect(a.decrypt(sealed, 'kid-1')).toBe('{"d":"private"}');
    expect(() => a.decrypt(sealed, 'kid-2')).toThrow();
    expect(() => new PrivateKeyCipher('another-session-secret-long-enough').decrypt(sealed, 'kid-1')).toThrow();
  });
});

describe.each(backends)('SigningKeys (%s)', (kind) => {
  let ts: TestStore;
  beforeEach(async () => {
    ts = await openTestStore(kind);
  });
  afterEach(async () => ts.cleanup());

  it('makes one key for concurrent first uses and keeps using it', async () => {
    const keys = new SigningKeys(ts.store.oauth2AccessTokens, 'session-secret-a-long-enough-for-tests', logger);
    const [a, b] = await Promise.all([keys.current(), keys.current()]);
    expect(a.kid).toBe(b.kid);
    expect(await ts.store.oauth2AccessTokens.listSigningKeys()).toHaveLength(1);
  });

  it('makes a new key when the session secret changed, and still publishes the old one', async () => {
    const before = await new SigningKeys(
      ts.store.oauth2AccessTokens,
      'session-secret-a-long-enough-for-tests',
      logger,
    ).current();
    const after = new SigningKeys(ts.store.oauth2AccessTokens, 'session-secret-b-long-enough-for-tests', logger);
    const next = await after.current();
    expect(next.kid).not.toBe(before.kid);
    const published = (await after.jwks()).keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([before.kid, next.kid]));
    expect(await after.publicKey(before.kid)).toBeDefined();
  });

  it('stops publishing a key once every token it signed has expired', async () => {
    const keys = new SigningKeys(ts.store.oauth2AccessTokens, 'session-secret-a-long-enough-for-tests', logger);
    const old = await keys.current();
    const fresh = new SigningKeys(ts.store.oauth2AccessTokens, 'session-secret-a-long-enough-for-tests', logger);
    // Retired two hours ago: longer than the 1-hour token lifetime plus skew.
    const [row] = await ts.store.oauth2AccessTokens.listSigningKeys();
    await ts.store.oauth2AccessTokens.rotateSigningKey({
      ...row!,
      kid: 'placeholder-new',
      publicJwk: JSON.stringify({ ...(JSON.parse(row!.publicJwk) as object), kid: 'placeholder-new' }),
      createdAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    const kids = (await fresh.jwks()).keys.map((k) => k.kid);
    expect(kids).not.toContain(old.kid);
    expect(await fresh.publicKey(old.kid)).toBeUndefined();
  });
});
