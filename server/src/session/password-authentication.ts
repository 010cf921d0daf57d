import type { ActivityAction } from '../audit/actions.js';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { verifyPassword } from '../lib/passwords.js';
import type { User, UserRepository } from '../store/store.js';
import { recordableUsername } from './sign-in-throttle.js';

export interface PasswordAttempt {
  /** The account named: by id or by username; undefined when it cannot exist here (e.g. an unknown Keystone domain). */
  ref: { id: string } | { username: string } | undefined;
  /** A name that must match too (Keystone may name a user by id and name at once). */
  expectedUsername?: string | undefined;
  password: string;
  /**
   * The name the caller gave, recorded as the actor of a failed attempt — only when it could be a username (a
   * password typed into the username field is recorded as "(not a username)", in the audit and so in the log).
   */
  claimedName: string | null;
}

/**
 * The one password check, for console sign-in and Keystone password authentication: the same lookup, the same
 * constant-work hash check for unknown users, the same audit reasons (unknown_user, wrong_password, disabled,
 * service_account).
 * Both routes sit behind the same sign-in throttle (session/sign-in-throttle.ts).
 */
export class PasswordAuthenticator {
  constructor(
    private readonly users: Pick<UserRepository, 'getWithPasswordHash'>,
    private readonly audit: AuditService,
  ) {}

  /** The user when the password is right and the account enabled; otherwise undefined, the failure audited. */
  async authenticate(
    ctx: AuditContext,
    attempt: PasswordAttempt,
    failure: { action: ActivityAction; details?: Record<string, unknown> },
  ): Promise<User | undefined> {
    const user = attempt.ref ? await this.users.getWithPasswordHash(attempt.ref) : undefined;
    const nameOk = !user || attempt.expectedUsername === undefined || attempt.expectedUsername === user.username;
    // Run for unknown users too, so the answer takes as long whether or not the name exists.
    const ok = await verifyPassword(user?.passwordHash, attempt.password);
    // A service account has no password (an empty hash, so the check above ran the dummy hash): refused like a wrong
    // one, the audit saying why.
    const service = user?.kind === 'service';
    if (!user || !nameOk || !ok || user.disabled || service) {
      await this.audit.record(ctx, {
        action: failure.action,
        outcome: 'failure',
        targetUserId: user?.id ?? null,
        actor: { id: null, username: attempt.claimedName === null ? null : recordableUsername(attempt.claimedName) },
        details: {
          ...failure.details,
          reason: !user || !nameOk ? 'unknown_user' : service ? 'service_account' : !ok ? 'wrong_password' : 'disabled',
        },
      });
      return undefined;
    }
    const { passwordHash: _omit, ...publicUser } = user;
    return publicUser;
  }
}
