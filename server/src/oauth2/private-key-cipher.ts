import { createDecipheriv, hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

const LEGACY_PREFIX = 'v1.';
const DECRYPT_OPTIONS = { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] };

const deriveKey = (sessionSecret: string, info: string): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', sessionSecret, 'tessera-oauth2', info, 32));

/**
 * Seals a signing key's private JWK as a compact JWE (`dir` + `A256GCM`) under a key derived (HKDF-SHA256) from the
 * session secret; the kid sits in the protected header, so it is authenticated and checked on opening.
 */
export class PrivateKeyCipher {
  private readonly key: Uint8Array;
  private readonly legacyKey: Uint8Array;

  constructor(sessionSecret: string) {
    this.key = deriveKey(sessionSecret, 'signing-key-jwe');
    this.legacyKey = deriveKey(sessionSecret, 'signing-key-encryption-v1');
  }

  async encrypt(plaintext: string, kid: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
      .encrypt(this.key);
  }

  async decrypt(sealed: string, kid: string): Promise<string> {
    if (sealed.startsWith(LEGACY_PREFIX)) return openLegacy(sealed, kid, this.legacyKey);
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, this.key, DECRYPT_OPTIONS);
    if (protectedHeader.kid !== kid) throw new Error('sealed key belongs to another kid');
    return new TextDecoder().decode(plaintext);
  }
}

/** Keys written before the JWE format: `v1.iv.ciphertext.tag`, AES-256-GCM with the kid as associated data. */
function openLegacy(sealed: string, kid: string, key: Uint8Array): string {
  const [, iv, ct, tag] = sealed.split('.');
  if (!iv || !ct || !tag) throw new Error('unknown sealed key format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
