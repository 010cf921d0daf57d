import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { AuditEvent } from './audit.js';
import { type Db, audited, decodeCursor, encodeCursor, escapeLike, toUser } from './rows.js';
import type { Database, UsersTable } from './schema.js';

export type Role = 'user' | 'admin';
/** A person signs in; a service account (issue 21) is a program's own identity: no password, no console sign-in. */
export type UserKind = 'person' | 'service';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  apiTokensEnabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** The last successful console sign-in; null before the first. */
  lastSignInAt: string | null;
  kind: UserKind;
  /** A service account's owning person; null: owned by the administrators (always null for a person). */
  ownerId: string | null;
  /** What a service account is for; '' for a person. */
  description: string;
}

/** What a credential lookup joins of its owner: enough for the principal and the usability rule. */
export type CredentialOwner = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'disabled' | 'apiTokensEnabled'>;

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  apiTokensEnabled: boolean;
  createdAt: string;
  /** Default 'person'; a service account is made with an unusable (empty) password hash. */
  kind?: UserKind;
  ownerId?: string | null;
  description?: string;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
  apiTokensEnabled?: boolean;
  description?: string;
  /** A service account's new owner (null: the administrators). */
  ownerId?: string | null;
  updatedAt: string;
}

/** A users list's filters: name search, role, and the account state as the service resolves it. */
export interface UserFilter {
  search?: string;
  role?: Role;
  disabled?: boolean;
  /** Only these usernames (e.g. the locked ones); an empty list matches nobody. */
  usernamesIn?: readonly string[];
  /** None of these usernames. */
  usernamesNotIn?: readonly string[];
  /** Only people, or only service accounts; both when absent. */
  kind?: UserKind;
  /** Service accounts owned by this person (a null ownerId: those owned by the administrators). */
  ownerId?: string | null;
}

export interface UserPage {
  users: User[];
  nextCursor: string | null;
  /** How many users match the filter, on every page. */
  total: number;
}

/** Whom to contact about an account: an enabled administrator's names. */
export interface AdministratorContact {
  username: string;
  displayName: string;
}

export interface UserRepository {
  count(): Promise<number>;
  /** The audit event, if given, commits in the same transaction as the user. */
  create(user: NewUser, audit?: AuditEvent): Promise<User>;
  get(id: string): Promise<User | undefined>;
  getByUsername(username: string): Promise<User | undefined>;
  /** The one read of a password hash: for the password check only. */
  getWithPasswordHash(ref: { id: string } | { username: string }): Promise<UserWithSecret | undefined>;
  /** The users with these ids, in one query; unknown ids are left out. */
  getMany(ids: readonly string[]): Promise<User[]>;
  list(opts: UserFilter & { cursor?: string; limit: number }): Promise<UserPage>;
  /** Enabled administrators, by username. */
  administrators(): Promise<AdministratorContact[]>;
  /** Stamps a successful console sign-in; not an edit of the user, so updatedAt stays. */
  recordSignIn(id: string, at: string): Promise<void>;
  /** The audit event, if given, commits in the same transaction as the change (only when the user exists). */
  update(id: string, patch: UserPatch, audit?: AuditEvent): Promise<User | undefined>;
  /**
   * Deletes a user with everything that hangs off it (credentials cascade); for service accounts only. The audit event,
   * if given, commits in the same transaction; false when there was no such user.
   */
  delete(id: string, audit?: AuditEvent): Promise<boolean>;
  /** How many OAuth 2.0 clients each of these users owns (auth tokens: AuthTokenRepository.countByOwner). */
  countOAuth2Clients(ids: readonly string[]): Promise<Map<string, number>>;
  /** Seeds many users at once (benchmarks, imports); no policy checks. */
  bulkInsert(users: NewUser[]): Promise<void>;
}

/** A new user's row: a person unless the input says otherwise (service accounts, issue 21). */
export const userRow = (u: NewUser) => ({
  id: u.id,
  username: u.username,
  display_name: u.displayName,
  role: u.role,
  disabled: 0,
  password_hash: u.passwordHash,
  api_tokens_enabled: u.apiTokensEnabled ? 1 : 0,
  created_at: u.createdAt,
  updated_at: u.createdAt,
  last_sign_in_at: null,
  kind: u.kind ?? 'person',
  owner_user_id: u.ownerId ?? null,
  description: u.description ?? '',
});

const publicColumns = [
  'id',
  'username',
  'display_name',
  'role',
  'disabled',
  'api_tokens_enabled',
  'created_at',
  'updated_at',
  'last_sign_in_at',
  'kind',
  'owner_user_id',
  'description',
] as const;

export class KyselyUserRepository implements UserRepository {
  constructor(protected readonly db: Db) {}

  async count() {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async create(u: NewUser, audit?: AuditEvent) {
    const row = userRow(u);
    await audited(
      this.db,
      audit,
      (db) => db.insertInto('users').values(row).execute(),
      () => true,
    );
    return toUser(row);
  }

  async get(id: string) {
    return this.getOn(this.db, id);
  }

  private async getOn(db: Db, id: string) {
    const r = await db.selectFrom('users').select(publicColumns).where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async getByUsername(username: string) {
    const r = await this.db
      .selectFrom('users')
      .select(publicColumns)
      .where('username', '=', username)
      .executeTakeFirst();
    return r && toUser(r);
  }

  async getWithPasswordHash(ref: { id: string } | { username: string }): Promise<UserWithSecret | undefined> {
    const q = this.db.selectFrom('users').selectAll();
    const r = await (
      'id' in ref ? q.where('id', '=', ref.id) : q.where('username', '=', ref.username)
    ).executeTakeFirst();
    return r && { ...toUser(r), passwordHash: r.password_hash };
  }

  async getMany(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('users')
      .select(publicColumns)
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(toUser);
  }

  async list(opts: UserFilter & { cursor?: string; limit: number }): Promise<UserPage> {
    if (opts.usernamesIn?.length === 0) return { users: [], nextCursor: null, total: 0 };
    const filtered = <Q extends SelectQueryBuilder<Database, 'users', object>>(q: Q): Q => {
      if (opts.search) {
        const pattern = `%${escapeLike(opts.search.toLowerCase())}%`;
        q = q.where((eb) =>
          eb.or([
            eb(sql`lower(username)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(display_name)`, 'like', sql`${pattern} escape '\\'`),
          ]),
        ) as Q;
      }
      if (opts.role) q = q.where('role', '=', opts.role) as Q;
      if (opts.disabled !== undefined) q = q.where('disabled', '=', opts.disabled ? 1 : 0) as Q;
      if (opts.usernamesIn) q = q.where('username', 'in', [...opts.usernamesIn]) as Q;
      if (opts.usernamesNotIn?.length) q = q.where('username', 'not in', [...opts.usernamesNotIn]) as Q;
      if (opts.kind) q = q.where('kind', '=', opts.kind) as Q;
      if (opts.ownerId !== undefined)
        q = (
          opts.ownerId === null ? q.where('owner_user_id', 'is', null) : q.where('owner_user_id', '=', opts.ownerId)
        ) as Q;
      return q;
    };
    let q = filtered(this.db.selectFrom('users').select(publicColumns))
      .orderBy('username')
      .limit(opts.limit + 1);
    const after = decodeCursor(opts.cursor, 1);
    if (after) q = q.where('username', '>', after[0]!);
    const [rows, count] = await Promise.all([
      q.execute(),
      filtered(this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n'))).executeTakeFirstOrThrow(),
    ]);
    const page = rows.slice(0, opts.limit).map(toUser);
    const last = page[page.length - 1];
    return {
      users: page,
      nextCursor: rows.length > opts.limit && last ? encodeCursor([last.username]) : null,
      total: Number(count.n),
    };
  }

  async administrators() {
    const rows = await this.db
      .selectFrom('users')
      .select(['username', 'display_name'])
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .orderBy('username')
      .execute();
    return rows.map((r) => ({ username: r.username, displayName: r.display_name }));
  }

  async recordSignIn(id: string, at: string) {
    await this.db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
  }

  async update(id: string, p: UserPatch, audit?: AuditEvent) {
    const set: Partial<Selectable<UsersTable>> = { updated_at: p.updatedAt };
    if (p.displayName !== undefined) set.display_name = p.displayName;
    if (p.role !== undefined) set.role = p.role;
    if (p.disabled !== undefined) set.disabled = p.disabled ? 1 : 0;
    if (p.passwordHash !== undefined) set.password_hash = p.passwordHash;
    if (p.apiTokensEnabled !== undefined) set.api_tokens_enabled = p.apiTokensEnabled ? 1 : 0;
    if (p.description !== undefined) set.description = p.description;
    if (p.ownerId !== undefined) set.owner_user_id = p.ownerId;
    return audited(
      this.db,
      audit,
      async (db) => {
        await db.updateTable('users').set(set).where('id', '=', id).execute();
        return this.getOn(db, id);
      },
      (user) => user !== undefined,
    );
  }

  async delete(id: string, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => (await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n,
      (deleted) => deleted,
    );
  }

  async countOAuth2Clients(ids: readonly string[]) {
    if (ids.length === 0) return new Map<string, number>();
    const rows = await this.db
      .selectFrom('oauth2_clients')
      .select((eb) => ['user_id', eb.fn.countAll().as('n')])
      .where('user_id', 'in', [...ids])
      .groupBy('user_id')
      .execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
  }

  async bulkInsert(users: NewUser[]) {
    const rows = users.map(userRow);
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('users')
          .values(rows.slice(i, i + 500))
          .execute();
    });
  }
}
