import type { ScopePair } from '../api/types';

/**
 * The scopes Tessera's own API knows (PRODUCT.md, "Scopes"). The server does not list them anywhere yet; when it does
 * (a scope registry), this list should come from there.
 */
export const TESSERA_SCOPES = [
  'profile:read',
  'tokens:read',
  'tokens:write',
  'activity:read',
  'admin:read',
  'admin:write',
] as const;

/** An audience as the user may type it: trailing slashes and letter case of the origin do not make another API. */
const normalise = (audience: string): string => audience.trim().replace(/\/+$/, '').toLowerCase();

/**
 * What the Scope field offers for an audience: Tessera's scopes when the audience is Tessera itself, then the scopes
 * the user's other clients already use with that audience, each once.
 */
export function scopeSuggestions(audience: string, otherPairs: ScopePair[], tesseraOrigin: string): string[] {
  const a = normalise(audience);
  if (!a) return [];
  const own = a === normalise(tesseraOrigin) ? [...TESSERA_SCOPES] : [];
  const used = otherPairs.filter((p) => normalise(p.audience) === a).map((p) => p.scope);
  return [...new Set([...own, ...used])];
}
