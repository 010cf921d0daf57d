import type { Logger } from 'pino';
import type { Store, User, UserPatch } from '../store/store.js';
import { Conflict, NotFound } from '../http/errors.js';
import { hashPassword } from '../lib/passwords.js';
import { newId } from '../lib/ids.js';

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

export class UserService {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async create(input: CreateUserInput): Promise<User> {
    if (await this.store.getUserWithSecretByUsername(input.username)) {
      throw new Conflict(`A user named "${input.username}" already exists.`, 'username_taken');
    }
    try {
      return await this.store.createUser({
        id: newId(),
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        apiTokensEnabled: input.apiTokensEnabled,
        createdAt: new Date().toISOString(),
      });
    } catch (err) {
      // A concurrent create of the same name loses on the unique index.
      if (await this.store.getUserWithSecretByUsername(input.username)) {
        throw new Conflict(`A user named "${input.username}" already exists.`, 'username_taken');
      }
      throw err;
    }
  }

  async get(id: string): Promise<User> {
    const user = await this.store.getUser(id);
    if (!user) throw new NotFound('No such user.');
    return user;
  }

  list(opts: { search?: string | undefined; cursor?: string | undefined; limit: number }) {
    return this.store.listUsers({
      limit: opts.limit,
      ...(opts.search ? { search: opts.search } : {}),
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
    });
  }

  async update(actorId: string, id: string, input: UpdateUserInput): Promise<{ user: User; changed: string[] }> {
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
    const user = (await this.store.updateUser(id, patch)) ?? before;
    // A disabled account or a password reset by someone else ends that user's browser sessions everywhere.
    if (patch.disabled === true || (patch.passwordHash && actorId !== id)) await this.store.destroySessionsOfUser(id);
    this.logger.debug({ userId: id, changed }, 'user updated');
    return { user, changed };
  }

  /** First start: create `admin`; returns the password when it was generated so main can print it once. */
  async ensureInitialAdmin(
    configuredPassword: string | undefined,
    generate: () => string,
  ): Promise<string | undefined> {
    if ((await this.store.countUsers()) > 0) return undefined;
    const password = configuredPassword ?? generate();
    await this.create({
      username: 'admin',
      displayName: 'Administrator',
      password,
      role: 'admin',
      apiTokensEnabled: true,
    });
    return configuredPassword ? undefined : password;
  }
}
