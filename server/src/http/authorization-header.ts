import type { IncomingHttpHeaders } from 'node:http';
import { Unauthenticated } from './errors.js';
import type { CredentialHeader } from './principal.js';

/** The `Authorization` schemes Tessera reads; SSWS is Okta's name for a bearer API token. */
export type AuthorizationScheme = 'bearer' | 'basic' | 'ssws';

export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="tessera", error="invalid_token"';

/** Whether the header's scheme (the text before the first space) is `name`, in any case; no string is made. */
function schemeIs(header: string, name: string): boolean {
  const n = name.length;
  if (header.length < n || (header.length > n && header.charCodeAt(n) !== 32)) return false;
  // name is lowercase letters: setting bit 0x20 lowercases an ASCII capital and leaves the rest unequal.
  for (let i = 0; i < n; i++) if ((header.charCodeAt(i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** The header's scheme, or undefined for one Tessera does not read. */
export function authorizationScheme(header: string): AuthorizationScheme | undefined {
  if (schemeIs(header, 'bearer')) return 'bearer';
  if (schemeIs(header, 'basic')) return 'basic';
  if (schemeIs(header, 'ssws')) return 'ssws';
  return undefined;
}

/** What follows the scheme, trimmed; empty when there is nothing. */
export function authorizationCredentials(header: string): string {
  const space = header.indexOf(' ');
  return space === -1 ? '' : header.slice(space + 1).trim();
}

/** RFC 7617 `user-id:password`, or undefined without a colon or with an empty user-id. */
export function decodeBasic(credentials: string): { userId: string; password: string } | undefined {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { userId: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A token credential from the request's headers: the raw token, the header it came in and Basic's username. */
export interface TokenCredential {
  raw: string;
  via: CredentialHeader;
  basicUser?: string;
}

/**
 * Reads Bearer, SSWS, Basic `username:token` or X-Auth-Token; throws Unauthenticated for a malformed, empty or
 * ambiguous credential (two different tokens, a repeated X-Auth-Token, an unknown scheme).
 */
export function tokenCredential(headers: IncomingHttpHeaders): TokenCredential {
  const authorization = headers.authorization;
  const xAuth = headers['x-auth-token'];
  if (Array.isArray(xAuth)) throw new Unauthenticated('Send one credential.', INVALID_TOKEN_CHALLENGE);
  let raw: string | undefined;
  let via: CredentialHeader = 'bearer';
  let basicUser: string | undefined;
  if (authorization !== undefined) {
    const scheme = authorizationScheme(authorization);
    if (scheme === 'bearer' || scheme === 'ssws') {
      raw = authorizationCredentials(authorization);
      via = scheme;
    } else if (scheme === 'basic') {
      const basic = decodeBasic(authorizationCredentials(authorization));
      if (!basic) throw new Unauthenticated('Malformed Basic credentials.', INVALID_TOKEN_CHALLENGE);
      raw = basic.password;
      basicUser = basic.userId;
      via = 'basic';
    } else throw new Unauthenticated('Unsupported authorization scheme.', INVALID_TOKEN_CHALLENGE);
    if (xAuth !== undefined && xAuth !== raw)
      throw new Unauthenticated('Send one credential.', INVALID_TOKEN_CHALLENGE);
  } else {
    raw = xAuth;
    via = 'x-auth-token';
  }
  if (!raw) throw new Unauthenticated('The credential is empty.', INVALID_TOKEN_CHALLENGE);
  return { raw, via, basicUser };
}
