import { scopeBit, isScopeName } from './vocabulary.js';

// An access token's `scope` claim → the mask of Tessera scopes it carries for Tessera's own audience, remembered by
// the claim's text (a client's tokens share few distinct values), so no string is split per request.
const parsed = new Map<string, number>();
const PARSED_MAX = 1024;

/**
 * The Tessera scopes in a space-separated list of fully-qualified scopes (`<issuer>/tokens:read`): only those under
 * Tessera's own audience count (the issuer, a trailing slash aside); other audiences' scopes mean nothing here.
 */
export function ownScopeMask(scopeClaim: string, issuer: string): number {
  const key = `${issuer} ${scopeClaim}`;
  let m = parsed.get(key);
  if (m !== undefined) return m;
  m = 0;
  const prefix = `${issuer.replace(/\/$/, '')}/`;
  for (const s of scopeClaim.split(' ')) {
    if (!s.startsWith(prefix)) continue;
    const name = s.slice(prefix.length).replace(/^\/+/, '');
    if (isScopeName(name)) m |= scopeBit(name);
  }
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, m);
  return m;
}
