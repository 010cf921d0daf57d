import type { AccessRule, ApplicationCredential } from './application-credentials.js';
import type { AuditEvent } from './audit.js';
import { isProjectRole, type ProjectRole } from './project-types.js';
import { type Db, audited, toOwner } from './rows.js';
import type { CredentialOwner } from './users.js';

/** A short-lived Keystone token as stored: its digest, never the token. */
export interface KeystoneToken {
  digest: string;
  userId: string;
  auditId: string;
  methods: string[];
  domainScoped: boolean;
  issuedAt: string;
  expiresAt: string;
  /** The project it is scoped to, and the roles it carries there (issue 21); null and [] when not project-scoped. */
  projectId: string | null;
  roles: ProjectRole[];
  /** The application credential it was minted from (issue 21, point 3); absent or null otherwise. */
  applicationCredentialId?: string | null;
}

/** What a token minted from an application credential carries of it: its limits (issue 21, point 3). */
export type TokenApplicationCredential = Pick<
  ApplicationCredential,
  'id' | 'name' | 'unrestricted' | 'accessRules' | 'expiresAt'
>;

/** A Keystone token joined to its owner, read in one lookup by digest. */
export interface KeystoneCredential extends KeystoneToken {
  user: CredentialOwner;
  applicationCredential?: TokenApplicationCredential;
}

export interface KeystoneTokenRepository {
  /** The audit event, if given, commits in the same transaction as the token. */
  create(token: KeystoneToken, audit?: AuditEvent): Promise<void>;
  find(digest: string): Promise<KeystoneCredential | undefined>;
  /** Revokes at once: the next lookup on any replica finds nothing. The audit row commits with the delete. */
  delete(digest: string, audit?: AuditEvent): Promise<boolean>;
  /** Ends every Keystone token of a user at once (a password change); how many there were. */
  deleteAllOfUser(userId: string): Promise<number>;
  prune(now: string): Promise<number>;
}

export class KyselyKeystoneTokenRepository implements KeystoneTokenRepository {
  constructor(protected readonly db: Db) {}

  async create(t: KeystoneToken, audit?: AuditEvent) {
    const row = {
      digest: t.digest,
      user_id: t.userId,
      audit_id: t.auditId,
      methods: JSON.stringify(t.methods),
      domain_scoped: t.domainScoped ? 1 : 0,
      issued_at: t.issuedAt,
      expires_at: t.expiresAt,
      project_id: t.projectId,
      roles: JSON.stringify(t.roles),
      application_credential_id: t.applicationCredentialId ?? null,
    };
    await audited(
      this.db,
      audit,
      (db) => db.insertInto('keystone_tokens').values(row).execute(),
      () => true,
    );
  }

  async find(digest: string): Promise<KeystoneCredential | undefined> {
    const r = await this.db
      .selectFrom('keystone_tokens as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .leftJoin('application_credentials as ac', 'ac.id', 'k.application_credential_id')
      .select([
        'k.application_credential_id',
        'ac.name as ac_name',
        'ac.unrestricted as ac_unrestricted',
        'ac.access_rules as ac_access_rules',
        'ac.expires_at as ac_expires_at',
        'k.digest',
        'k.user_id',
        'k.audit_id',
        'k.methods',
        'k.domain_scoped',
        'k.issued_at',
        'k.expires_at',
        'k.project_id',
        'k.roles',
        'u.username',
        'u.display_name',
        'u.role',
        'u.disabled',
        'u.api_tokens_enabled',
      ])
      .where('k.digest', '=', digest)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      digest: r.digest,
      userId: r.user_id,
      auditId: r.audit_id,
      methods: JSON.parse(r.methods) as string[],
      domainScoped: Number(r.domain_scoped) === 1,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      projectId: r.project_id,
      roles: (JSON.parse(r.roles) as string[]).filter(isProjectRole),
      user: toOwner(r),
      ...(r.application_credential_id
        ? {
            applicationCredentialId: r.application_credential_id,
            applicationCredential: {
              id: r.application_credential_id,
              name: r.ac_name ?? '',
              unrestricted: Number(r.ac_unrestricted) === 1,
              accessRules: JSON.parse(r.ac_access_rules ?? '[]') as AccessRule[],
              expiresAt: r.ac_expires_at ?? null,
            },
          }
        : {}),
    };
  }

  async delete(digest: string, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db.deleteFrom('keystone_tokens').where('digest', '=', digest).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }

  async deleteAllOfUser(userId: string) {
    const r = await this.db.deleteFrom('keystone_tokens').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async prune(now: string) {
    const r = await this.db.deleteFrom('keystone_tokens').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
