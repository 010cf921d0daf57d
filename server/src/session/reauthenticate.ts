import type { PublicOrigin } from '../http/public-origin.js';
import { z } from 'zod';
import type { AuditService } from '../audit/service.js';
import { otpCodeSchema, recoveryCodeSchema } from '../contract/rules.js';
import { auditContext } from '../http/audit-context.js';
import { Conflict, Unauthenticated } from '../http/errors.js';
import { MfaInvalid } from '../mfa/errors.js';
import { relyingParty } from '../mfa/relying-party.js';
import { authenticationResponseSchema, webauthnOptionsSchema } from '../mfa/schema.js';
import type { MfaService } from '../mfa/service.js';
import { PENDING_MS, saveSession, takeChallenge } from '../mfa/session-state.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { renewSession } from './establish.js';
import type { PasswordAuthenticator } from './password-authentication.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/**
 * What proves it's you again: exactly one of the password, a code from the authenticator app, a recovery code, or a
 * passkey's assertion (after `POST /api/session/reauthenticate/webauthn-options`).
 */
export const reauthenticateSchema = z
  .strictObject({
    password: z.string().min(1, 'is required').max(256).optional(),
    otp: otpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
    webauthn: authenticationResponseSchema.optional(),
  })
  .refine((b) => [b.password, b.otp, b.recoveryCode, b.webauthn].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of password, otp, recoveryCode or webauthn',
    path: ['password'],
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
  mfa: MfaService;
  origin: PublicOrigin;
}): AnyRoute {
  const { passwords, audit, throttle, mfa } = deps;
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
      // The one check for each kind of proof.
      let method: 'password' | 'totp' | 'recovery_code' | 'webauthn';
      if (body.password !== undefined) {
        method = 'password';
        const confirmed = await passwords.authenticate(
          ctx,
          { ref: { id: p.user.id }, password: body.password, claimedName: p.user.username },
          { action: 'session.reauthenticate' },
        );
        if (!confirmed) {
          await throttle.recordFailure(req, p.user.username);
          throw new Unauthenticated(WRONG, 'FormBased realm="tessera"');
        }
      } else {
        let ok: boolean;
        if (body.webauthn !== undefined) {
          method = 'webauthn';
          const challenge = takeChallenge(req.session.webauthnReauthentication);
          delete req.session.webauthnReauthentication;
          await saveSession(req);
          ok =
            challenge !== undefined &&
            (await mfa.verifyPasskey(relyingParty(req, deps.origin), p.user.id, body.webauthn as never, challenge));
        } else {
          method = body.otp !== undefined ? 'totp' : 'recovery_code';
          ok = await mfa.verify(
            ctx,
            p.user,
            body.otp !== undefined ? { otp: body.otp } : { recoveryCode: body.recoveryCode },
          );
        }
        if (!ok) {
          await audit.record(ctx, {
            action: 'session.reauthenticate',
            outcome: 'failure',
            targetUserId: p.user.id,
            details: { reason: 'mfa_invalid', method },
          });
          await throttle.recordFailure(req, p.user.username);
          throw new MfaInvalid();
        }
      }
      await renewSession(req);
      await audit.record(ctx, {
        action: 'session.reauthenticate',
        targetUserId: p.user.id,
        details: { method },
      });
      res.status(204).end();
    },
  });
}

/** `POST /api/session/reauthenticate/webauthn-options`: a challenge for confirming it's you with a passkey. */
export function reauthenticateWebauthnOptionsRoute(deps: { mfa: MfaService; origin: PublicOrigin }): AnyRoute {
  return route({
    method: 'post',
    path: '/api/session/reauthenticate/webauthn-options',
    tag: 'Session',
    summary: 'Confirm it’s you with a passkey: PublicKeyCredentialRequestOptions',
    auth: 'session',
    responses: {
      200: { description: 'For navigator.credentials.get()', schema: webauthnOptionsSchema },
      ...problems(401, 409),
    },
    handler: async (_input, req, res) => {
      const p = req.principal;
      if (p?.authenticatedBy !== 'session')
        throw new Unauthenticated('You are not signed in.', 'FormBased realm="tessera"');
      const options = await deps.mfa.authenticationOptions(relyingParty(req, deps.origin), p.user.id);
      if (!options) throw new Conflict('You have no passkey.', 'no_passkey');
      req.session.webauthnReauthentication = { challenge: options.challenge, expiresAt: Date.now() + PENDING_MS };
      await saveSession(req);
      res.json(options);
    },
  });
}
