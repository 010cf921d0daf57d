import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { User } from '../store/store.js';
import type { UserService, UserView } from '../users/service.js';
import type { PasswordAuthenticator } from './password-authentication.js';
import { NOT_A_USERNAME, recordableUsername } from './sign-in-throttle.js';

/** Console sign-in and sign-out: the password check and their audit rows. The session itself is express-session's. */
export class SignInService {
  constructor(
    private readonly passwords: PasswordAuthenticator,
    private readonly users: Pick<UserService, 'find' | 'describeOne' | 'recordSignIn' | 'getByIdOrUsername'>,
    private readonly audit: AuditService,
  ) {}

  /** The user for a right password of an enabled account; a failure is audited as `session.sign_in`. */
  authenticate(ctx: AuditContext, username: string, password: string): Promise<User | undefined> {
    return this.passwords.authenticate(
      ctx,
      { ref: { username }, password, claimedName: username },
      { action: 'session.sign_in' },
    );
  }

  /**
   * Stamps the user's last sign-in and audits it, once the session is saved (it may live in Redis, so it cannot share
   * the row's transaction); the user as presented. Keystone password authentication is not a sign-in: it is not stamped.
   */
  async signedIn(ctx: AuditContext, user: User, how?: { method: 'oidc' }): Promise<UserView> {
    const stamped = await this.users.recordSignIn(user);
    await this.audit.record(ctx, {
      action: 'session.sign_in',
      targetUserId: user.id,
      actor: { id: user.id, username: user.username },
      ...(how ? { details: how } : {}),
    });
    return this.users.describeOne(stamped);
  }

  /**
   * A sign-in that came with a token header (F-6): refused before any password check, so the answer says nothing of
   * the password, and audited as a failed sign-in with the token's owner as the context's actor.
   */
  async refusedTokenHeader(ctx: AuditContext, claimedName: unknown): Promise<void> {
    const username = typeof claimedName === 'string' ? recordableUsername(claimedName) : NOT_A_USERNAME;
    // The account named sees the attempt in its own activity.
    const target = username === NOT_A_USERNAME ? undefined : await this.users.getByIdOrUsername(username);
    await this.audit.record(ctx, {
      action: 'session.sign_in',
      outcome: 'failure',
      targetUserId: target?.id ?? null,
      details: { reason: 'token_header', username },
    });
  }

  signedOut(ctx: AuditContext, userId: string): Promise<void> {
    return this.audit.record(ctx, { action: 'session.sign_out', targetUserId: userId });
  }

  /** The signed-in user as stored now, or undefined when the account is gone. */
  async currentUser(userId: string): Promise<UserView | undefined> {
    const user = await this.users.find(userId);
    return user && this.users.describeOne(user);
  }
}
