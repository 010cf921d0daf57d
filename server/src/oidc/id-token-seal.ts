import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

const DECRYPT_OPTIONS = { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] };

/**
 * Keeps the ID token (the logout hint) out of the session store in clear: the store is a database or Redis, and an ID
 * token is a signed assertion of who someone is, with their personal data. Sealed as a compact JWE (`dir` + `A256GCM`)
 * under a key derived (HKDF-SHA256) from the session secret, as oauth2/private-key-cipher.ts seals signing keys.
 */
export class IdTokenSeal {
  private readonly key: Uint8Array;

  constructor(sessionSecret: string) {
    this.key = new Uint8Array(hkdfSync('sha256', sessionSecret, 'tessera-oidc', 'id-token-hint-jwe', 32));
  }

  seal(idToken: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(idToken))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.key);
  }

  /** The ID token again; undefined when there is none or it no longer opens (another session secret sealed it). */
  async open(sealed: string | undefined): Promise<string | undefined> {
    if (!sealed) return undefined;
    try {
      return new TextDecoder().decode((await compactDecrypt(sealed, this.key, DECRYPT_OPTIONS)).plaintext);
    } catch {
      return undefined;
    }
  }
}
