import { fullyQualifiedScope } from '../contract/rules.js';
import { invalidField } from '../errors.js';
import { SCOPE_NAMES, isScopeName, roleScopes, scopeMask, scopeNames, type ScopeName } from '../scopes/vocabulary.js';
import type { OAuth2Scope, Role } from '../store/store.js';

export { audienceSchema, fullyQualifiedScope, scopePairsSchema, scopeSchema } from '../contract/rules.js';

/** Whether an audience is Tessera's own (the issuer URL), a trailing slash aside. */
export const isOwnAudience = (audience: string, issuer: string): boolean => audience.replace(/\/$/, '') === issuer;

/**
 * An audience's ownership key (F-9): the URL normalised (scheme and host lower-cased, default port and fragment
 * dropped, no trailing slash), so `https://API.example.com/` can't be registered beside `https://api.example.com`.
 */
export function audienceKey(audience: string): string {
  try {
    const u = new URL(audience.trim());
    u.hash = '';
    return u.href.replace(/\/+$/, '');
  } catch {
    return audience.trim().replace(/\/+$/, '');
  }
}

/** Distinct audiences of some scopes, in their first order: the access token's `aud`. */
export const audiencesOf = (scopes: OAuth2Scope[]): string[] => [...new Set(scopes.map((s) => s.audience))];

/** Whether a pair's audience is Tessera's own as its ownership key sees it (any case, port or slash variant). */
const ownKey = (audience: string, issuer: string): boolean => audienceKey(audience) === audienceKey(issuer);

/**
 * 400 unless every pair for Tessera's own audience names one of the six scopes (issue 18): Tessera's API reads only
 * those from an access token, so any other scope there would be a client that can do nothing with Tessera.
 */
export function assertOwnScopesKnown(pairs: readonly OAuth2Scope[], issuer: string): void {
  pairs.forEach((p, i) => {
    if (ownKey(p.audience, issuer) && !isScopeName(p.scope))
      throw invalidField(
        `scopes.${i}.scope`,
        `must be one of ${SCOPE_NAMES.join(', ')} for Tessera’s own audience (${issuer})`,
      );
  });
}

/** The Tessera scopes among a client's pairs (those for the issuer), in vocabulary order. */
export const ownScopeNames = (pairs: readonly OAuth2Scope[], issuer: string): ScopeName[] =>
  scopeNames(scopeMask(pairs.filter((p) => ownKey(p.audience, issuer)).map((p) => p.scope)));

/**
 * A client's pairs as they count now. A client saved before issue 18 may hold a free-form scope for Tessera's own
 * audience (`api`); such a pair stands for the owner's whole role (all six scopes for an administrator, the four
 * others for a user), as auth tokens made before scopes keep full access, and the other pairs are untouched. Its
 * next save with scopes stores the names.
 * Mapped here, when the issuer is known, and not in a migration: Tessera's own audience is TESSERA_PUBLIC_URL or,
 * without it, the origin a loopback request's Host names (http/public-origin.ts). A migration runs without the
 * configuration (`npm run migrate`, start-up's store) and can't tell Tessera's pair `{http://127.0.0.1:8080, api}`
 * from another resource server's, so rewriting the rows would guess.
 * The common case (no such pair) answers the same array, allocating nothing.
 */
export function effectiveScopes(pairs: OAuth2Scope[], issuer: string, role: Role): OAuth2Scope[] {
  let legacy = false;
  for (const p of pairs) if (!isScopeName(p.scope) && isOwnAudience(p.audience, issuer)) legacy = true;
  if (!legacy) return pairs;
  const out: OAuth2Scope[] = [];
  const seen = new Set<string>();
  const add = (p: OAuth2Scope) => {
    const fq = fullyQualifiedScope(p);
    if (!seen.has(fq)) {
      seen.add(fq);
      out.push(p);
    }
  };
  for (const p of pairs) {
    if (isScopeName(p.scope) || !isOwnAudience(p.audience, issuer)) add(p);
    else for (const scope of scopeNames(roleScopes(role))) add({ audience: p.audience, scope });
  }
  return out;
}
