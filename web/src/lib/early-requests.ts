/**
 * Requests the console starts before its own code has loaded (web/public/early.js), kept where the API client can find
 * them: the first GET of each path takes its response instead of asking again, once. A response not taken within
 * EARLY_RESPONSE_TTL_MS of the page load is never used, so nothing stale is ever shown.
 */
export type EarlyRequests = Map<string, Promise<Response | undefined>>;

export const EARLY_RESPONSE_TTL_MS = 10_000;

declare global {
  var __tesseraEarly: EarlyRequests | undefined;
}

/** The early response for this path, once; undefined when there is none (or it is too old, or it failed). */
export function takeEarlyResponse(path: string): Promise<Response | undefined> | undefined {
  const early = globalThis.__tesseraEarly;
  const pending = early?.get(path);
  if (!pending) return undefined;
  early!.delete(path);
  return performance.now() < EARLY_RESPONSE_TTL_MS ? pending : undefined;
}
