import type { Request } from 'express';

/**
 * TESSERA_REQUIRE_MFA: what a session that must enrol a second factor may still call. Everything else under /api
 * answers 403 mfa_enrolment_required (deny by default, so a route added later is covered without a mark).
 */
export function allowedDuringEnrolment(req: Request): boolean {
  const path = req.path.toLowerCase().replace(/\/+$/, '');
  if (path === '/api/session' || path.startsWith('/api/session/') || path === '/api/whoami') return true;
  if (path === '/api/users/me') return req.method === 'GET' || req.method === 'HEAD';
  // Only the enrolment routes: reading the status, the app, passkeys (not the administrator's reset of others).
  return path === '/api/users/me/mfa' ? req.method === 'GET' : path.startsWith('/api/users/me/mfa/');
}

/** Whether this request comes from a session still in TESSERA_REQUIRE_MFA's enrolment-only state. */
export const mustEnrolFirst = (req: Request): boolean =>
  req.principal?.authenticatedBy === 'session' && req.session?.mfaEnrolmentRequired === true;
