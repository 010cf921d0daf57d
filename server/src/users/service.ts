import type { Logger } from 'pino';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { SessionRevocation } from '../sessions/revocation.js';
import type { User, UserPatch, UserRepository } from '../store/store.js';
import { Conflict, NotFound } from '../http/errors.js';
import { hashPassword } from '../lib/passwords.js';
import { newId } from '../lib/ids.js';

export type { User } from '../store/store.js';

export interface CreateUserInput {
  username: string;
  displayName?: string | undefined;
  password: string;
  role: 'user' | 'admin';
  apiTokensEnabled: boolean;
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  role?: 'user' | 'admin' | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
  apiTokensEnabled?: boolean | undefined;
}

/** Lifts a user's temporary sign-in lockout (the per-username throttle). */
export interface LockoutLifter {
  reset(username: string): Promise<void>;
}

export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionRevocation,
    private readonly logger: Logger,
  ) {}

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

  list(opts: { search?: string | undefined; cursor?: string | undefined; limit: number }) {
    return this.users.list({
      limit: opts.limit,
      ...(opts.search ? { search: opts.search } : {}),
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
    });
  }

  /** The change and its audit row commit together; a change that changes nothing is not audited. */
  async update(ctx: AuditContext, id: string, input: UpdateUserInput): Promise<{ user: User; changed: string[] }> {
    const actorId = ctx.actor?.id;
    const before = await this.get(id);
    if (actorId === id && (input.disabled === true || input.role === 'user') && before.role === 'admin') {
      throw new Conflict('You cannot disable or demote your own administrator account.', 'self_lockout');
    }
    const patch: UserPatch = { updatedAt: new Date().toISOString() };
    const changed: string[] = [];
    if (input.displayName !== undefined && input.displayName !== before.displayName) {
      patch.displayName = input.displayName;
      changed.push('displayName');
    }
    if (input.role !== undefined && input.role !== before.role) {
      patch.role = input.role;
      changed.push('role');
    }
    if (input.disabled !== undefined && input.disabled !== before.disabled) {
      patch.disabled = input.disabled;
      changed.push('disabled');
    }
    if (input.apiTokensEnabled !== undefined && input.apiTokensEnabled !== before.apiTokensEnabled) {
      patch.apiTokensEnabled = input.apiTokensEnabled;
      changed.push('apiTokensEnabled');
    }
    if (input.password !== undefined) {
      patch.passwordHash = await hashPassword(input.password);
      changed.push('password');
    }
    const event =
      changed.length > 0
        ? this.audit.event(ctx, { action: 'user.update', targetUserId: id, details: { changed } })
        : undefined;
    const user = (await this.users.update(id, patch, event)) ?? before;
    if (event) this.audit.logged(event);
    // A disabled account or a password reset by someone else ends that user's browser sessions everywhere.
    if (patch.disabled === true || (patch.passwordHash && actorId !== id)) await this.sessions.revokeAllOf(id);
    this.logger.debug({ userId: id, changed }, 'user updated');
    return { user, changed };
  }

  /** Lifts the temporary lockout failed sign-ins put on the user's name; nothing else changes, so the row is appended. */
  async unlock(ctx: AuditContext, id: string, lockout: LockoutLifter | undefined): Promise<void> {
    const user = await this.get(id);
    await lockout?.reset(user.username);
    await this.audit.record(ctx, {
      action: 'user.unlock',
      targetUserId: user.id,
      details: { username: user.username },
    });
  }

  /** First start: create `admin`; returns the password when it was generated so main can print it once. */
  async ensureInitialAdmin(
    configuredPassword: string | undefined,
    generate: () => string,
  ): Promise<string | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const password = configuredPassword ?? generate();
    await this.create(undefined, {
      username: 'admin',
      displayName: 'Administrator',
      password,
      role: 'admin',
      apiTokensEnabled: true,
    });
    return configuredPassword ? undefined : password;
  }
}
