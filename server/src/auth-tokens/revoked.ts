import { Conflict } from '../http/errors.js';
import type { AuthToken } from '../store/store.js';

/**
 * A revoked token (issue 19) stays as its revocation left it until an undo or the window's end: no regenerate,
 * suspend, resume or edit (409 `token_revoked`). Its owner may still delete it.
 */
export function notRevoked(t: AuthToken): AuthToken {
  if (t.revocation) {
    const by = t.revocation.kind === 'inactive' ? 'for inactivity' : 'by an administrator';
    throw new Conflict(
      `The token was revoked ${by}: ${t.revocation.reason}. Generate a new token instead.`,
      'token_revoked',
    );
  }
  return t;
}
