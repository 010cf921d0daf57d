import { timingSafeEqual } from 'node:crypto';
import { digestToken, generateToken, isWellFormedToken, tokenHint } from '../lib/token-format.js';

/** Client secrets look like auth tokens with their own prefix, so leak scanners can tell them apart offline. */
export const CLIENT_SECRET_PREFIX = 'tsc_';

export const generateClientSecret = () => generateToken(CLIENT_SECRET_PREFIX);
export const isWellFormedClientSecret = (s: string) => isWellFormedToken(s, CLIENT_SECRET_PREFIX);
export const clientSecretHint = (s: string) => tokenHint(s, CLIENT_SECRET_PREFIX);
export const digestClientSecret = (s: string) => digestToken(s);

/** Constant-time comparison of a presented secret with the stored digest. */
export function clientSecretMatches(secret: string, storedDigest: string): boolean {
  const a = Buffer.from(digestToken(secret), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
