import { z } from 'zod';
import type { AuditService } from '../audit/service.js';
import { auditContext } from '../http/audit-context.js';
import { Unauthenticated } from '../http/errors.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import type { PasswordAuthenticator } from './password-authentication.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/**
 * What proves it's you again. Today the password; H3 adds a second factor here (`otp`, `recoveryCode`, a WebAuthn
 * assertion): add the field to this schema and a branch to `confirm` below, nothing else changes.
 */
export const reauthenticateSchema = z
  .strictObject({
    password: z.string().min(1, 'is required').max(256),
  })
  .meta({ id: 'Reauthenticate' });

const WRONG = 'The password is incorrect.';

/**
 * `POST /api/session/reauthenticate` (step-up, ASVS 7.5.3): the signed-in user proves who they are again, and the
 * session's `authenticatedAt` starts over, so routes declared `stepUp` work for TESSERA_REAUTH_MINUTES more.
 * Throttled as sign-in is; a wrong password is a 401 `unauthenticated` and counts as a failed sign-in.
 */
export function reauthenticateRoute(deps: {
  passwords: PasswordAuthenticator;
  audit: AuditService;
  throttle: Pick<SignInThrottle, 'check' | 'recordFailure'>;
}): AnyRoute {
  const { passwords, audit, throttle } = deps;
  return route({
    method: 'post',
    path: '/api/session/reauthenticate',
    tag: 'Session',
    summary: 'Confirm it’s you: re-authenticate the session before a sensitive action',
    description:
      'Sensitive actions (creating, regenerating or deleting a credential, changing a password or a role) from a ' +
      'session whose last authentication is older than TESSERA_REAUTH_MINUTES answer 401 ' +
      '`reauthentication_required`. This call proves it is still the same person; then retry the action.',
    auth: 'session',
    request: { body: { schema: reauthenticateSchema } },
    responses: { 204: { description: 'Confirmed' }, ...problems(400, 401, 429) },
    handler: async ({ body }, req, res) => {
      const p = req.principal;
      if (p?.authenticatedBy !== 'session')
        throw new Unauthenticated('You are not signed in.', 'FormBased realm="tessera"');
      // The sign-in throttle, keyed on the session's username at this address: 429 before any password is checked.
      await throttle.check(req, p.user.username);
      const ctx = auditContext(req);
      // The one check for each kind of proof; a second factor joins here (H3).
      const confirmed = await passwords.authenticate(
        ctx,
        { ref: { id: p.user.id }, password: body.password, claimedName: p.user.username },
        { action: 'session.reauthenticate' },
      );
      if (!confirmed) {
        await throttle.recordFailure(req, p.user.username);
        throw new Unauthenticated(WRONG, 'FormBased realm="tessera"');
      }
      req.session.authenticatedAt = Date.now();
      await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
      await audit.record(ctx, {
        action: 'session.reauthenticate',
        targetUserId: p.user.id,
        details: { method: 'password' },
      });
      res.status(204).end();
    },
  });
}
