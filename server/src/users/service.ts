import type { Logger } from 'pino';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { SessionRevocation } from '../sessions/revocation.js';
import type {
  AdministratorContact,
  AuthTokenRepository,
  KeystoneTokenRepository,
  User,
  UserIdentityRepository,
  UserPatch,
  UserRepository,
} from '../store/store.js';
import { Conflict, Forbidden, NotFound } from '../http/errors.js';
import { invalidField } from '../errors.js';
import { hashPassword, verifyPassword } from '../lib/passwords.js';
import { newId } from '../lib/ids.js';
import { userChanges, type UpdateUserInput } from './changes.js';

export type { User } from '../store/store.js';

export interface CreateUserInput {
  username: string;
  displayName?: string | undefined;
  password: string;
  role: 'user' | 'admin';
  apiTokensEnabled: boolean;
}

/**
 * The temporary sign-in lockouts that failed attempts put on usernames: a username is locked when some address is
 * locked out of it (the username+address throttle, session/sign-in-throttle.ts).
 */
export interface SignInLockouts {
  /** Lifts the username's lockout at every address. */
  reset(username: string): Promise<void>;
  /** When the username's last lockout ends, or null when no address is locked out of it. */
  lockedUntil(username: string): Promise<string | null>;
  /** Every username locked now, with when its last lockout ends. */
  lockedUsernames(): Promise<Map<string, string>>;
}

/** A user with what the console shows beside the row: token count and sign-in lockout. */
export interface UserView extends User {
  tokenCount: number;
  lockedUntil: string | null;
}

/**
 * `active`: enabled and not locked; `locked`: enabled with a sign-in lockout; `disabled`: disabled; `enabled`: not
 * disabled, locked or not.
 */
export type UserStatus = 'active' | 'disabled' | 'locked' | 'enabled';

/** The account made on first start; with TESSERA_LOCAL_SIGN_IN=false the one that may still use a password. */
export const BOOTSTRAP_ADMIN = 'admin';

const ownPasswordHere = () =>
  invalidField(
    'password',
    'cannot change your own password here: use POST /api/users/me/password with the current password',
  );

export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionRevocation,
    private readonly logger: Logger,
    private readonly tokens: Pick<AuthTokenRepository, 'countByOwner'>,
    private readonly lockouts?: SignInLockouts,
    private readonly keystoneTokens?: Pick<KeystoneTokenRepository, 'deleteAllOfUser'>,
    /** Users who sign in through the OpenID provider have no password here, and are given none. */
    private readonly identities?: Pick<UserIdentityRepository, 'hasIdentity'>,
  ) {}

  /** Token counts in one grouped query for the whole page, lockouts in one read of the throttle's counters. */
  async describe(users: User[]): Promise<UserView[]> {
    const [counts, locked] = await Promise.all([
      this.tokens.countByOwner(users.map((u) => u.id)),
      users.length === 1
        ? this.lockouts
            ?.lockedUntil(users[0]!.username)
            .then((until) => new Map(until ? [[users[0]!.username, until]] : []))
        : this.lockouts?.lockedUsernames(),
    ]);
    return users.map((u) => ({
      ...u,
      tokenCount: counts.get(u.id) ?? 0,
      lockedUntil: locked?.get(u.username) ?? null,
    }));
  }

  async describeOne(user: User): Promise<UserView> {
    return (await this.describe([user]))[0]!;
  }

  /** Enabled administrators: whom to contact when one's API tokens are turned off. */
  administrators(): Promise<AdministratorContact[]> {
    return this.users.administrators();
  }

  /** Stamps a console sign-in; the user as it now is. */
  async recordSignIn(user: User): Promise<User> {
    const at = new Date().toISOString();
    await this.users.recordSignIn(user.id, at);
    return { ...user, lastSignInAt: at };
  }

  /** The user and its audit row commit together. The first administrator is made with no context (no one acts). */
  async create(ctx: AuditContext | undefined, input: CreateUserInput): Promise<User> {
    if (await this.users.getByUsername(input.username)) {
      throw new Conflict(`A user named "${input.username}" already exists.`, 'username_taken');
    }
    const id = newId();
    const event = ctx
      ? this.audit.event(ctx, {
          action: 'user.create',
          targetUserId: id,
          details: { username: input.username, role: input.role },
        })
      : undefined;
    try {
      const user = await this.users.create(
        {
          id,
          username: input.username,
          displayName: input.displayName ?? input.username,
          role: input.role,
          passwordHash: await hashPassword(input.password),
          apiTokensEnabled: input.apiTokensEnabled,
          createdAt: new Date().toISOString(),
        },
        event,
      );
      if (event) this.audit.logged(event);
      return user;
    } catch (err) {
      // A concurrent create of the same name loses on the unique index.
      if (await this.users.getByUsername(input.username)) {
        throw new Conflict(`A user named "${input.username}" already exists.`, 'username_taken');
      }
      throw err;
    }
  }

  async get(id: string): Promise<User> {
    const user = await this.users.get(id);
    if (!user) throw new NotFound('No such user.');
    return user;
  }

  find(id: string): Promise<User | undefined> {
    return this.users.get(id);
  }

  /** A user named by id or by username (GoodData's `{userId}` accepts both). */
  async getByIdOrUsername(idOrName: string): Promise<User | undefined> {
    return (await this.users.get(idOrName)) ?? (await this.users.getByUsername(idOrName.toLowerCase()));
  }

  /** A page of users with the total matching the filters; `status` is resolved against the lockouts held now. */
  async list(opts: {
    search?: string | undefined;
    role?: 'user' | 'admin' | undefined;
    status?: UserStatus | undefined;
    /** People unless asked: the Users page lists people, a project's member picker anyone. */
    kind?: 'person' | 'service' | 'any' | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ users: UserView[]; nextCursor: string | null; total: number }> {
    const locked =
      opts.status === 'active' || opts.status === 'locked'
        ? [...((await this.lockouts?.lockedUsernames())?.keys() ?? [])]
        : [];
    const page = await this.users.list({
      limit: opts.limit,
      ...(opts.kind === 'any' ? {} : { kind: opts.kind ?? 'person' }),
      ...(opts.search ? { search: opts.search } : {}),
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
      ...(opts.role ? { role: opts.role } : {}),
      ...(opts.status ? { disabled: opts.status === 'disabled' } : {}),
      ...(opts.status === 'locked' ? { usernamesIn: locked } : {}),
      ...(opts.status === 'active' ? { usernamesNotIn: locked } : {}),
    });
    return { users: await this.describe(page.users), nextCursor: page.nextCursor, total: page.total };
  }

  /** The change and its audit row commit together; a change that changes nothing is not audited. */
  async update(ctx: AuditContext, id: string, input: UpdateUserInput): Promise<{ user: User; changed: string[] }> {
    const actorId = ctx.actor?.id;
    // F-7: one's own password changes only with the current one, administrators' too.
    if (input.password !== undefined && actorId === id) throw ownPasswordHere();
    const before = await this.get(id);
    // No password, role or sign-in to change: a service account has its own routes and audit actions.
    if (before.kind === 'service')
      throw new Conflict('This is a service account: change it at /api/service-accounts/{id}.', 'service_account');
    if (input.password !== undefined && (await this.identities?.hasIdentity(id)))
      throw new Conflict(
        'This user signs in through the organisation’s OpenID provider and has no password here.',
        'no_local_password',
      );
    if (actorId === id && (input.disabled === true || input.role === 'user') && before.role === 'admin') {
      throw new Conflict('You cannot disable or demote your own administrator account.', 'self_lockout');
    }
    const { patch, changes } = await userChanges(before, input);
    const changed = changes.map((c) => c.field);
    const reset = patch.passwordHash !== undefined;
    const details: Record<string, unknown> = { changed, changes };
    // What a password reset ends, in its own audit row: every browser session and every Keystone token (F-1).
    if (reset) details.ended = ['sessions', 'keystone_tokens'];
    const event =
      changes.length > 0 ? this.audit.event(ctx, { action: 'user.update', targetUserId: id, details }) : undefined;
    const user = (await this.users.update(id, patch, event)) ?? before;
    if (event) this.audit.logged(event);
    // A disabled account or a password reset by someone else ends that user's browser sessions everywhere, and a
    // reset their Keystone tokens: a phished password keeps no access after it (F-1).
    if (patch.disabled === true || reset) await this.sessions.revokeAllOf(id);
    if (reset) await this.keystoneTokens?.deleteAllOfUser(id);
    this.logger.debug({ userId: id, changed }, 'user updated');
    return { user, changed };
  }

  /**
   * One's own password change (F-7): the current password must be right (a wrong one is audited and refused with
   * 403 current_password_incorrect); the new one follows the same rules as at create. The user's other browser
   * sessions and all their Keystone tokens end; `keepSession` (the caller's own session's handle) stays signed in.
   */
  async changeOwnPassword(
    ctx: AuditContext,
    id: string,
    input: { currentPassword: string; newPassword: string },
    keepSession: string | undefined,
  ): Promise<void> {
    const stored = await this.users.getWithPasswordHash({ id });
    if (!stored) throw new NotFound('No such user.');
    if (!(await verifyPassword(stored.passwordHash, input.currentPassword))) {
      await this.audit.record(ctx, {
        action: 'user.password_change',
        outcome: 'failure',
        targetUserId: id,
        details: { reason: 'current_password_incorrect' },
      });
      throw new Forbidden('The current password is incorrect.', 'current_password_incorrect');
    }
    if (input.newPassword === input.currentPassword)
      throw invalidField('newPassword', 'must be different from the current password');
    const event = this.audit.event(ctx, {
      action: 'user.password_change',
      targetUserId: id,
      details: { ended: ['other_sessions', 'keystone_tokens'] },
    });
    const patch: UserPatch = {
      updatedAt: new Date().toISOString(),
      passwordHash: await hashPassword(input.newPassword),
    };
    await this.users.update(id, patch, event);
    this.audit.logged(event);
    await this.sessions.revokeAllOf(id, keepSession);
    await this.keystoneTokens?.deleteAllOfUser(id);
  }

  /**
   * Lifts the temporary lockout failed sign-ins put on the user's name; nothing else changes, so the row is appended.
   * Says whether there was one, and when a lockout still ends (null unless one came back at once).
   */
  async unlock(ctx: AuditContext, id: string): Promise<{ wasLocked: boolean; lockedUntil: string | null }> {
    const user = await this.get(id);
    const wasLocked = (await this.lockouts?.lockedUntil(user.username)) != null;
    await this.lockouts?.reset(user.username);
    await this.audit.record(ctx, {
      action: 'user.unlock',
      targetUserId: user.id,
      details: { username: user.username, wasLocked },
    });
    return { wasLocked, lockedUntil: (await this.lockouts?.lockedUntil(user.username)) ?? null };
  }

  /** First start: create `admin`; returns the password when it was generated so main can print it once. */
  async ensureInitialAdmin(
    configuredPassword: string | undefined,
    generate: () => string,
  ): Promise<string | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const password = configuredPassword ?? generate();
    await this.create(undefined, {
      username: BOOTSTRAP_ADMIN,
      displayName: 'Administrator',
      password,
      role: 'admin',
      apiTokensEnabled: true,
    });
    return configuredPassword ? undefined : password;
  }
}
