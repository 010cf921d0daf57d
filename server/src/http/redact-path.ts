/**
 * A URL path with the segments a credential may hide in blanked out, for the access log and for any answer that
 * echoes a path (a 404's detail). Called only when a line or a 404 is actually written, never on the way in.
 *
 * A segment is blanked when it
 * - holds one of Tessera's prefixed secrets anywhere (`tsr_` auth tokens, `tsk_` Keystone tokens, `tsc_` client
 *   secrets, `tsa_` application credential secrets), even cut short or wrapped in other text;
 * - looks like a JWT (`eyJ…` with a dot: an OAuth access token);
 * - is long: at least 32 characters, the bootstrap token's minimum length, so the bootstrap token (whatever its
 *   alphabet) and any other long opaque value are blanked without the check depending on the configured token
 *   (which would tell a caller its length). Tessera's own ids (UUIDs) are kept where `keepIds` says so.
 */
export const REDACTED = '[redacted]';

/** The shortest segment blanked for its length alone: TESSERA_BOOTSTRAP_TOKEN's minimum (config.ts). */
export const LONG_SEGMENT = 32;

const PREFIXED_SECRET = /ts[rkca]_/;
const JWT_SHAPED = /eyJ[A-Za-z0-9_%-]*\./;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const isUuidShaped = (s: string): boolean => UUID.test(s);

/** Whether one path segment (or a path parameter) may be a credential. */
export function isSecretShaped(segment: string, keepIds = false): boolean {
  if (PREFIXED_SECRET.test(segment) || JWT_SHAPED.test(segment)) return true;
  return segment.length >= LONG_SEGMENT && !(keepIds && UUID.test(segment));
}

/** The segment itself, or the placeholder when it may be a credential. */
export const redactSegment = (segment: string, keepIds = false): string =>
  isSecretShaped(segment, keepIds) ? REDACTED : segment;

/**
 * The path with every secret-shaped segment replaced by `[redacted]`. `keepIds` keeps UUID-shaped segments (the ids
 * in `/api/users/{id}/auth-tokens/{id}`), which the access log wants and a configured UUID-shaped bootstrap token
 * forbids.
 */
export function redactPath(path: string, keepIds = false): string {
  // Most paths are short and hold no prefix (which needs a `_`): nothing to split, no pattern run.
  if (path.length < LONG_SEGMENT && (!path.includes('_') || !PREFIXED_SECRET.test(path))) return path;
  const segments = path.split('/');
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    if (isSecretShaped(segments[i]!, keepIds)) {
      segments[i] = REDACTED;
      changed = true;
    }
  }
  return changed ? segments.join('/') : path;
}
