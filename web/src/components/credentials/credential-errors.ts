import { ApiError, type FieldError } from '../../lib/api-client';

// 403s about what the credential may be given, said without a field path: they belong on the scopes, networks or
// projects field.
const SCOPE_CODES = new Set(['scope_not_allowed', 'scope_widening_needs_session', 'insufficient_scope']);
const NETWORK_CODES = new Set(['network_exceeds_credential', 'network_widening_needs_session']);
const PROJECT_CODES = new Set(['projects_exceed_credential', 'project_widening_needs_session']);

/**
 * A failed create or edit with its scope and network complaints on the form's two fields, `scopes` and
 * `allowedNetworks` (the field is one textarea, so `allowedNetworks.3` becomes its entry's words on the whole field).
 * `sentNetworks` is the list the request carried.
 */
export function withCredentialFieldErrors(error: unknown, sentNetworks: readonly string[] = []): unknown {
  if (!(error instanceof ApiError)) return error;
  const fieldErrors: FieldError[] = error.fieldErrors.map((e) => {
    const network = /^allowedNetworks\.(\d+)$/.exec(e.path);
    if (network) {
      const entry = sentNetworks[Number(network[1])];
      return { path: 'allowedNetworks', message: entry === undefined ? e.message : `“${entry}” ${e.message}.` };
    }
    if (/^projects\.\d+$/.test(e.path)) return { path: 'projects', message: e.message };
    return /^scopes\.\d+$/.test(e.path) ? { path: 'scopes', message: e.message } : e;
  });
  const path = SCOPE_CODES.has(error.code)
    ? 'scopes'
    : NETWORK_CODES.has(error.code)
      ? 'allowedNetworks'
      : PROJECT_CODES.has(error.code)
        ? 'projects'
        : undefined;
  if (path && !fieldErrors.some((e) => e.path === path)) fieldErrors.push({ path, message: error.message });
  return new ApiError(error.status, error.message, error.code, fieldErrors, error.retryAfterSeconds, error.problem);
}
