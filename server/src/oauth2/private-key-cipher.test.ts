import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { LEGACY_SIGNING_KEY } from '../test-support/legacy-signing-key.js';
import { PrivateKeyCipher } from './private-key-cipher.js';

describe('PrivateKeyCipher', () => {
  const cipher = new PrivateKeyCipher('session-secret-a-long-enough-for-tests');

  it('seals as a compact JWE (dir + A256GCM) that binds the kid and needs the same session secret', async () => {
    const sealed = await cipher.encrypt('{"d":"private"}', 'kid-1');
    expect(sealed).not.toContain('private');
    expect(sealed.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(sealed)).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'kid-1' });
    expect(await cipher.decrypt(sealed, 'kid-1')).toBe('{"d":"private"}');
    await expect(cipher.decrypt(sealed, 'kid-2')).rejects.toThrow();
    await expect(new PrivateKeyCipher('another-session-secret-long-enough').decrypt(sealed, 'kid-1')).rejects.toThrow();
  });

  it('refuses a JWE whose protected header was altered', async () => {
    const [, ...rest] = (await cipher.encrypt('{"d":"private"}', 'kid-1')).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: 'kid-2' })).toString('base64url');
    await expect(cipher.decrypt([header, ...rest].join('.'), 'kid-2')).rejects.toThrow();
  });

  it('opens a key sealed by the old envelope, for its kid and session secret only', async () => {
    const { sessionSecret, kid, privateJwkEncrypted } = LEGACY_SIGNING_KEY;
    const jwk = JSON.parse(await new PrivateKeyCipher(sessionSecret).decrypt(privateJwkEncrypted, kid)) as object;
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
    await expect(new PrivateKeyCipher(sessionSecret).decrypt(privateJwkEncrypted, 'kid-2')).rejects.toThrow();
    await expect(
      new PrivateKeyCipher('another-session-secret-long-enough').decrypt(privateJwkEncrypted, kid),
    ).rejects.toThrow();
  });
});
