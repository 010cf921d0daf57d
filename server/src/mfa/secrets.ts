import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const derive = (sessionSecret: string, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', sessionSecret, 'tessera-mfa', info, 32));

const FORMAT = 'v1';

/**
 * Keeps second-factor secrets out of the database in clear, as oauth2/private-key-cipher.ts does for signing keys:
 * AES-256-GCM under a key derived (HKDF-SHA256) from the session secret, the user id as associated data (a sealed
 * secret copied onto another user's row does not open); recovery codes as HMAC-SHA256 digests under another key.
 */
export class MfaSecrets {
  private readonly sealKey: Buffer;
  private readonly codeKey: Buffer;

  constructor(sessionSecret: string) {
    this.sealKey = derive(sessionSecret, 'totp-secret-v1');
    this.codeKey = derive(sessionSecret, 'recovery-code-v1');
  }

  seal(plaintext: string, userId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(userId));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv, ct, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, userId: string): string {
    const [format, iv, ct, tag] = sealed.split('.');
    if (format !== FORMAT || !iv || !ct || !tag) throw new Error('unknown sealed secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A recovery code's stored form: keyed, per user, over the normalised code (case and separators ignored). */
  codeDigest(userId: string, code: string): string {
    return createHmac('sha256', this.codeKey)
      .update(userId)
      .update('\0')
      .update(normaliseRecoveryCode(code))
      .digest('base64url');
  }
}

// Crockford's base32: no I, L, O or U, so what is read off paper types back (o → 0, i and l → 1 when checked).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Ten codes of 10 characters (about 50 bits each), shown as `xxxxx-xxxxx`. */
export function newRecoveryCodes(n = 10): string[] {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = randomBytes(10);
    let s = '';
    for (const b of bytes) s += ALPHABET[b & 31];
    codes.push(`${s.slice(0, 5)}-${s.slice(5)}`);
  }
  return codes;
}

export const normaliseRecoveryCode = (code: string) =>
  code.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
