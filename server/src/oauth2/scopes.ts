import type { OAuth2Scope } from '../store/store.js';

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
