import { scopeBit, isScopeName } from './vocabulary.js';

// An access token's `scope` claim → the mask of Tessera scopes it carries for Tessera's own audience, remembered per
// issuer by the claim's text (a client's tokens share few distinct values), so no string is split or joined per
// request.
const parsed = new Map<string, Map<string, number>>();
const PARSED_MAX = 1024;
const ISSUERS_MAX = 16;

/**
 * The Tessera scopes in a space-separated list of fully-qualified scopes (`<issuer>/tokens:read`): only those under
 * Tessera's own audience count (the issuer, a trailing slash aside); other audiences' scopes mean nothing here.
 */
export function ownScopeMask(scopeClaim: string, issuer: string): number {
  let byClaim = parsed.get(issuer);
  if (!byClaim) {
    // A deployment has one issuer (a few at most, by origin): a bound all the same.
    if (parsed.size >= ISSUERS_MAX) parsed.clear();
    parsed.set(issuer, (byClaim = new Map()));
  }
  let m = byClaim.get(scopeClaim);
  if (m !== undefined) return m;
  m = 0;
  const prefix = `${issuer.replace(/\/$/, '')}/`;
  for (const s of scopeClaim.split(' ')) {
    if (!s.startsWith(prefix)) continue;
    const name = s.slice(prefix.length).replace(/^\/+/, '');
    if (isScopeName(name)) m |= scopeBit(name);
  }
  if (byClaim.size >= PARSED_MAX) byClaim.delete(byClaim.keys().next().value!);
  byClaim.set(scopeClaim, m);
  return m;
}
