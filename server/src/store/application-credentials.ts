import type { Selectable } from 'kysely';
import type { AuditEvent } from './audit.js';
import { isProjectRole, type ProjectRole } from './project-types.js';
import { audited, toOwner, type Db } from './rows.js';
import type { ApplicationCredentialsTable } from './credential-tables.js';
import type { CredentialOwner } from './users.js';

/** One of Keystone's access rules: what a token from the credential may call (service type, method, path glob). */
export interface AccessRule {
  id: string;
  service: string;
  method: string;
  path: string;
}

/** A Keystone application credential as stored: the secret's digest, never the secret (issue 21, point 3). */
export interface ApplicationCredential {
  /** 32 hexadecimal characters, as Keystone's ids. */
  id: string;
  userId: string;
  projectId: string;
  name: string;
  description: string;
  secretDigest: string;
  hint: string;
  roles: ProjectRole[];
  unrestricted: boolean;
  accessRules: AccessRule[];
  expiresAt: string | null;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
}

/** A credential with its owner, read in one lookup when it authenticates. */
export interface ApplicationCredentialWithOwner extends ApplicationCredential {
  user: CredentialOwner;
}

export interface ApplicationCredentialRepository {
  /** False when the user already has a credential of that name (nothing written then). */
  create(c: ApplicationCredential, audit: AuditEvent): Promise<boolean>;
  /** A user's credentials, ordered by name; `name` narrows to that exact name (Keystone's `?name=`). */
  list(userId: string, filter?: { name?: string }): Promise<ApplicationCredential[]>;
  get(userId: string, id: string): Promise<ApplicationCredential | undefined>;
  /** By id alone, with its owner: the `application_credential` method's lookup. */
  find(id: string): Promise<ApplicationCredentialWithOwner | undefined>;
  /** By its user and name, with its owner (the method's `name` + `user` form). */
  findByName(userId: string, name: string): Promise<ApplicationCredentialWithOwner | undefined>;
  /** The credentials whose secret has this digest (a leak report; normally one, a chosen secret maybe more). */
  findByDigest(digest: string): Promise<ApplicationCredential[]>;
  /** Deletes it and, by the cascade, every Keystone token minted from it; false when there was none. */
  delete(userId: string, id: string, audit: AuditEvent): Promise<boolean>;
  /** Records a use (a token minted from it). */
  markUsed(id: string, at: string): Promise<void>;
}

type Row = Selectable<ApplicationCredentialsTable>;

const toCredential = (r: Row): ApplicationCredential => ({
  id: r.id,
  userId: r.user_id,
  projectId: r.project_id,
  name: r.name,
  description: r.description,
  secretDigest: r.secret_digest,
  hint: r.hint,
  roles: (JSON.parse(r.roles) as string[]).filter(isProjectRole),
  unrestricted: Number(r.unrestricted) === 1,
  accessRules: JSON.parse(r.access_rules) as AccessRule[],
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
});

export class KyselyApplicationCredentialRepository implements ApplicationCredentialRepository {
  constructor(private readonly db: Db) {}

  async create(c: ApplicationCredential, audit: AuditEvent): Promise<boolean> {
    const row = {
      id: c.id,
      user_id: c.userId,
      project_id: c.projectId,
      name: c.name,
      description: c.description,
      secret_digest: c.secretDigest,
      hint: c.hint,
      roles: JSON.stringify(c.roles),
      unrestricted: c.unrestricted ? 1 : 0,
      access_rules: JSON.stringify(c.accessRules),
      expires_at: c.expiresAt,
      created_at: c.createdAt,
      created_by: c.createdBy,
      last_used_at: c.lastUsedAt,
    };
    try {
      return await audited(
        this.db,
        audit,
        async (db) => {
          const r = await db
            .insertInto('application_credentials')
            .values(row)
            .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
            .executeTakeFirst();
          return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
        },
        (inserted) => inserted,
      );
    } catch (err) {
      // The id is random: the only other conflict is the name, lost to a concurrent create.
      if ((await this.list(c.userId, { name: c.name })).length > 0) return false;
      throw err;
    }
  }

  async list(userId: string, filter: { name?: string } = {}) {
    let q = this.db.selectFrom('application_credentials').selectAll().where('user_id', '=', userId);
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    const rows = await q.orderBy('name').orderBy('id').execute();
    return rows.map(toCredential);
  }

  async get(userId: string, id: string) {
    const r = await this.db
      .selectFrom('application_credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toCredential(r);
  }

  private withOwner() {
    return this.db
      .selectFrom('application_credentials as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .selectAll('c')
      .select(['u.username', 'u.display_name', 'u.role', 'u.disabled', 'u.api_tokens_enabled']);
  }

  async find(id: string) {
    const r = await this.withOwner().where('c.id', '=', id).executeTakeFirst();
    return r && { ...toCredential(r), user: toOwner(r) };
  }

  async findByName(userId: string, name: string) {
    const r = await this.withOwner().where('c.user_id', '=', userId).where('c.name', '=', name).executeTakeFirst();
    return r && { ...toCredential(r), user: toOwner(r) };
  }

  async findByDigest(digest: string) {
    const rows = await this.db
      .selectFrom('application_credentials')
      .selectAll()
      .where('secret_digest', '=', digest)
      .execute();
    return rows.map(toCredential);
  }

  async delete(userId: string, id: string, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        // Its tokens explicitly too, not only by the cascade (as projects do: the rule is the database's, kept here).
        await db
          .deleteFrom('keystone_tokens')
          .where('application_credential_id', '=', id)
          .where('user_id', '=', userId)
          .execute();
        const r = await db
          .deleteFrom('application_credentials')
          .where('user_id', '=', userId)
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }

  async markUsed(id: string, at: string) {
    await this.db.updateTable('application_credentials').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
