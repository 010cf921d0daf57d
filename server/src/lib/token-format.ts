import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** Tessera token: `tsr_` + 30 base62 characters (≈178 bits) + 6-character base62 CRC32 of everything before it. */
export const TOKEN_PREFIX = 'tsr_';
/** Short-lived Keystone tokens: same scheme, own prefix, so scanners and verifiers tell them apart offline. */
export const KEYSTONE_TOKEN_PREFIX = 'tsk_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
const PREFIX_SHAPE = /^[a-z]{3}_$/;

export function base62(n: number, width: number): string {
  let s = '';
  let v = n;
  while (v > 0) {
    s = ALPHABET[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

export function checksum(body: string): string {
  return base62(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

function randomBase62(length: number, prefix: string): string {
  let out = prefix;
  while (out.length < prefix.length + length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every character uniform: 248 = 4 × 62.
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === prefix.length + length) break;
    }
  }
  return out;
}

export function generateToken(prefix = TOKEN_PREFIX): string {
  if (!PREFIX_SHAPE.test(prefix)) throw new Error('A token prefix is three lowercase letters and an underscore.');
  const body = randomBase62(RANDOM_LENGTH, prefix);
  return body + checksum(body);
}

/** Offline check a leak scanner can run too: right shape and a matching checksum. No database involved. */
export function isWellFormedToken(candidate: string, prefix = TOKEN_PREFIX): boolean {
  if (candidate.length !== prefix.length + RANDOM_LENGTH + CHECKSUM_LENGTH || !candidate.startsWith(prefix))
    return false;
  if (!/^[0-9A-Za-z]+$/.test(candidate.slice(prefix.length))) return false;
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === candidate.slice(-CHECKSUM_LENGTH);
}

export function digestToken(token: string): string {
  // One-shot hashing: no Hash object to build and collect per verification (a third of createHash's cost).
  return hash('sha256', token, 'hex');
}

export function tokenHint(token: string, prefix = TOKEN_PREFIX): string {
  return `${prefix}…${token.slice(-4)}`;
}
