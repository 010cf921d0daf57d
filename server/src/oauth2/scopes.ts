import type { OAuth2Scope } from '../store/store.js';

export { audienceSchema, fullyQualifiedScope, scopePairsSchema, scopeSchema } from '../contract/rules.js';

/** Whether an audience is Tessera's own (the issuer URL), a trailing slash aside. */
export const isOwnAudience = (audience: string, issuer: string): boolean => audience.replace(/\/$/, '') === issuer;

/** Distinct audiences of some scopes, in their first order: the access token's `aud`. */
export const audiencesOf = (scopes: OAuth2Scope[]): string[] => [...new Set(scopes.map((s) => s.audience))];
