import { displayNameSchema, usernameSchema } from '../contract/rules.js';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { OidcConfig } from '../config.js';
import { newId } from '../lib/ids.js';
import type { ExternalIdentity, Role, User, UserIdentityRepository, UserRepository } from '../store/store.js';
import { OidcRefused } from './errors.js';

/** The claims of a verified sign-in: the ID token's, with the provider's userinfo merged in (same `sub`). */
export type OidcClaims = { iss: string; sub: string } & Record<string, unknown>;

/** No password can match it: verifyPassword treats it as an unknown user's (same time, always false). */
export const NO_LOCAL_PASSWORD = '';

/**
 * Who an OpenID Connect sign-in is (docs/decisions/0010-oidc-sign-in.md): the user linked to the provider's
 * (issuer, subject), or a new user made just in time. Never linked by name: a username already taken by another
 * account is refused. The role follows the configured claim at every sign-in, audited when it changes.
 */
export class OidcSignInService {
  constructor(
    private readonly config: OidcConfig,
    private readonly users: Pick<UserRepository, 'get' | 'getByUsername' | 'update'>,
    private readonly identities: UserIdentityRepository,
    private readonly audit: AuditService,
  ) {}

  async userFor(ctx: AuditContext, claims: OidcClaims): Promise<User> {
    const identity: ExternalIdentity = { issuer: claims.iss, subject: claims.sub };
    const role = this.roleOf(claims);
    const linkedId = await this.identities.userIdOf(identity);
    const linked = linkedId === undefined ? undefined : await this.users.get(linkedId);
    if (linked) return this.existing(ctx, linked, role);
    const username = this.usernameOf(claims);
    if (!username) throw OidcRefused.noUsername();
    const taken = await this.users.getByUsername(username);
    // The account's owner sees the attempt in their own activity.
    if (taken) throw OidcRefused.usernameTaken({ userId: taken.id, username });
    const id = newId();
    const event = this.audit.event(ctx, {
      action: 'user.create',
      targetUserId: id,
      actor: { id, username },
      details: { username, role: role ?? 'user', source: 'oidc' },
    });
    const created = await this.identities.createUser(
      {
        id,
        username,
        displayName: this.displayNameOf(claims) ?? username,
        role: role ?? 'user',
        passwordHash: NO_LOCAL_PASSWORD,
        apiTokensEnabled: true,
        createdAt: event.at,
      },
      identity,
      event,
    );
    if (created) {
      this.audit.logged(event);
      return created;
    }
    // Lost a race: the same identity's first sign-in in another tab made the user, or someone took the name.
    const winner = await this.identities.userIdOf(identity);
    const user = winner === undefined ? undefined : await this.users.get(winner);
    if (user) return this.existing(ctx, user, role);
    const taker = await this.users.getByUsername(username);
    throw OidcRefused.usernameTaken({ userId: taker?.id ?? null, username });
  }

  /** A linked user: refused when disabled, its role brought in line with the claim (when one is configured). */
  private async existing(ctx: AuditContext, user: User, role: Role | undefined): Promise<User> {
    if (user.disabled) throw OidcRefused.disabled({ userId: user.id, username: user.username });
    if (role === undefined || user.role === role) return user;
    const event = this.audit.event(ctx, {
      action: 'user.update',
      targetUserId: user.id,
      actor: { id: user.id, username: user.username },
      details: {
        changed: ['role'],
        changes: [{ field: 'role', from: user.role, to: role }],
        source: 'oidc',
        claim: this.config.roleClaim ?? null,
      },
    });
    const updated = await this.users.update(user.id, { role, updatedAt: event.at }, event);
    this.audit.logged(event);
    return updated ?? { ...user, role };
  }

  /**
   * A refused sign-in, audited as a failed `session.sign_in` as a wrong password is: the fixed reason and the account
   * the claims named (if any), never the code, state, a token or the provider's words. The provider being unreachable
   * (503) is not a refusal of anyone's sign-in and is not recorded.
   */
  async refused(ctx: AuditContext, refusal: OidcRefused): Promise<void> {
    if (refusal.reason === undefined) return;
    await this.audit.record(ctx, {
      action: 'session.sign_in',
      outcome: 'failure',
      targetUserId: refusal.account?.userId ?? null,
      actor: { id: null, username: refusal.account?.username ?? null },
      details: { method: 'oidc', reason: refusal.reason },
    });
  }

  /**
   * Administrator when the role claim (a string or a list) holds any of the configured values, else a user; undefined
   * without a role claim: a new user is a user, and an administrator's later change by hand stays.
   */
  roleOf(claims: OidcClaims): Role | undefined {
    const claim = this.config.roleClaim;
    if (!claim) return undefined;
    const value = claims[claim];
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => typeof v === 'string' && this.config.adminValues.includes(v)) ? 'admin' : 'user';
  }

  /** The configured claim, or `preferred_username` then `email`, normalised as local usernames are; else undefined. */
  usernameOf(claims: OidcClaims): string | undefined {
    const names = this.config.usernameClaim ? [this.config.usernameClaim] : ['preferred_username', 'email'];
    for (const name of names) {
      const parsed = usernameSchema.safeParse(claims[name]);
      if (parsed.success) return parsed.data;
    }
    return undefined;
  }

  /** The `name` claim when it is a valid display name (one line, within the length); else the username is used. */
  private displayNameOf(claims: OidcClaims): string | undefined {
    const parsed = displayNameSchema.safeParse(claims.name);
    return parsed.success ? parsed.data : undefined;
  }
}
