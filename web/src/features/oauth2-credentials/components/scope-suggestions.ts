import type { ScopePair } from '../api/types';

/** An audience as the user may type it: trailing slashes and letter case of the origin do not make another API. */
const normalise = (audience: string): string => audience.trim().replace(/\/+$/, '').toLowerCase();

/** Whether an audience is Tessera's own API, whose scopes are its fixed vocabulary (GET /api/scopes). */
export const isTesseraAudience = (audience: string, tesseraOrigin: string): boolean =>
  normalise(audience) !== '' && normalise(audience) === normalise(tesseraOrigin);

/**
 * What the Scope field offers for an audience: Tessera's scopes (`tesseraScopes`, from GET /api/scopes) when the
 * audience is Tessera itself, then the scopes the user's other clients already use with that audience, each once.
 */
export function scopeSuggestions(
  audience: string,
  otherPairs: ScopePair[],
  tesseraOrigin: string,
  tesseraScopes: readonly string[],
): string[] {
  const a = normalise(audience);
  if (!a) return [];
  const own = isTesseraAudience(audience, tesseraOrigin) ? tesseraScopes : [];
  const used = otherPairs.filter((p) => normalise(p.audience) === a).map((p) => p.scope);
  return [...new Set([...own, ...used])];
}
