import type { AuditEvent } from './audit.js';
import { type Db, insertAudit, toUser } from './rows.js';
import { userRow, type NewUser, type User } from './users.js';

/** A user's account at an OpenID provider: the provider's issuer and its stable subject identifier (`sub`). */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
}

/** The link between OpenID provider accounts and Tessera users (oidc/service.ts). */
export interface UserIdentityRepository {
  /** The user an identity belongs to, if it signed in before. */
  userIdOf(identity: ExternalIdentity): Promise<string | undefined>;
  /** Whether the user was made by, and signs in through, an OpenID provider (no local password). */
  hasIdentity(userId: string): Promise<boolean>;
  /**
   * A new user and its identity in one transaction, with its audit event; undefined when the username or the identity
   * was taken meanwhile (a concurrent first sign-in loses on the unique indexes, nothing written).
   */
  createUser(user: NewUser, identity: ExternalIdentity, audit: AuditEvent): Promise<User | undefined>;
}

export class KyselyUserIdentityRepository implements UserIdentityRepository {
  constructor(private readonly db: Db) {}

  async userIdOf({ issuer, subject }: ExternalIdentity) {
    const r = await this.db
      .selectFrom('user_identities')
      .select('user_id')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return r?.user_id;
  }

  async hasIdentity(userId: string) {
    const r = await this.db
      .selectFrom('user_identities')
      .select('user_id')
      .where('user_id', '=', userId)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  async createUser(u: NewUser, identity: ExternalIdentity, audit: AuditEvent) {
    const row = userRow(u);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(row).execute();
        await trx
          .insertInto('user_identities')
          .values({ ...identity, user_id: u.id, created_at: u.createdAt })
          .execute();
        await insertAudit(trx, audit);
      });
    } catch (err) {
      if (isUniqueViolation(err)) return undefined;
      throw err;
    }
    return toUser(row);
  }
}

/** SQLite's SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE, PostgreSQL's 23505. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
