import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { MfaInvalid, MfaRequired, type MfaMethod } from '../mfa/errors.js';
import type { User } from '../store/store.js';
import type { KeystoneAuthRequest } from './schema.js';

// Keystone's `totp` auth method (H3) for a user with a second factor: asked for only with the password method.

/** What Keystone password authentication asks of two-factor authentication (MfaService). */
export interface KeystoneSecondFactors {
  methods(userId: string): Promise<MfaMethod[]>;
  verify(ctx: AuditContext, user: { id: string; username: string }, factor: { otp: string }): Promise<boolean>;
}

/** `auth.identity.totp.user.passcode` of a Keystone MFA request, when there is one. */
export function totpPasscode(identity: KeystoneAuthRequest['auth']['identity']): string | undefined {
  const totp = (identity as { totp?: { user?: { passcode?: unknown } } }).totp;
  const passcode = totp?.user?.passcode;
  return typeof passcode === 'string' && passcode.length <= 16 ? passcode : undefined;
}

/**
 * The methods a token from a right password records: `password`, and `totp` when the user has a second factor, whose
 * passcode must then be right. A missing or wrong one is audited and refused (mfa_required, mfa_invalid).
 */
export async function passwordMethods(
  secondFactors: KeystoneSecondFactors | undefined,
  audit: AuditService,
  ctx: AuditContext,
  user: Pick<User, 'id' | 'username'>,
  passcode: string | undefined,
): Promise<string[]> {
  const mfaMethods = secondFactors ? await secondFactors.methods(user.id) : [];
  if (mfaMethods.length > 0) {
    const ok = passcode !== undefined && (await secondFactors!.verify(ctx, user, { otp: passcode }));
    if (!ok) {
      await audit.record(ctx, {
        action: 'keystone.token.issue',
        outcome: 'failure',
        targetUserId: user.id,
        actor: { id: user.id, username: user.username },
        details: { method: 'password', reason: passcode === undefined ? 'mfa_required' : 'mfa_invalid' },
      });
      if (passcode !== undefined) throw new MfaInvalid('The totp passcode was not accepted.');
      throw new MfaRequired(
        mfaMethods,
        'This user has two-factor authentication: add the "totp" method with auth.identity.totp.user.passcode, ' +
          'a code from their authenticator app (or use an auth token made in the console).',
      );
    }
  }
  return mfaMethods.length > 0 ? ['password', 'totp'] : ['password'];
}
