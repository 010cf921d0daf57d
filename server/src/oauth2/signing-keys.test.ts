import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { backends, LogCapture, openTestStore, type TestStore } from '../test-support/harness.js';
import { decodeProtectedHeader } from 'jose';
import { LEGACY_SIGNING_KEY } from '../test-support/legacy-signing-key.js';
import { SigningKeys } from './signing-keys.js';

const logger = createLogger('silent', new LogCapture());

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

  it('keeps signing with a key sealed in the old envelope, and seals the next one as JWE', async () => {
    await ts.store.oauth2AccessTokens.rotateSigningKey({
      kid: LEGACY_SIGNING_KEY.kid,
      alg: 'ES256',
      publicJwk: JSON.stringify(LEGACY_SIGNING_KEY.publicJwk),
      privateJwkEncrypted: LEGACY_SIGNING_KEY.privateJwkEncrypted,
      createdAt: new Date().toISOString(),
      retiredAt: null,
    });
    const keys = new SigningKeys(ts.store.oauth2AccessTokens, LEGACY_SIGNING_KEY.sessionSecret, logger);
    expect((await keys.current()).kid).toBe(LEGACY_SIGNING_KEY.kid);
    const next = await keys.rotate();
    const row = (await ts.store.oauth2AccessTokens.listSigningKeys()).find((k) => k.kid === next)!;
    expect(decodeProtectedHeader(row.privateJwkEncrypted)).toEqual({ alg: 'dir', enc: 'A256GCM', kid: next });
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
