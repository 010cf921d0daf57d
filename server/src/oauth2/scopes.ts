import type { OAuth2Scope } from '../store/store.js';

export { audienceSchema, fullyQualifiedScope, scopePairsSchema, scopeSchema } from '../contract/rules.js';

/** Distinct audiences of some scopes, in their first order: the access token's `aud`. */
export const audiencesOf = (scopes: OAuth2Scope[]): string[] => [...new Set(scopes.map((s) => s.audience))];
