import type { Selectable } from 'kysely';
import type { AuditEvent } from './audit.js';
import { type Db, audited, insertAudit, toOwner } from './rows.js';
import type { OAuth2ClientsTable } from './schema.js';
import type { CredentialOwner } from './users.js';
import { allowListOf, networkList, storedNetworks, type NetworkAllowList } from '../security/networks.js';
import {
  audienceOwners,
  claimAudiences,
  listAudiences,
  setAudienceOwner,
  unlessTaken,
  type AudienceClaim,
  type AudienceOwnership,
  type AudienceTaken,
} from './oauth2-audiences.js';

export type { AudienceClaim, AudienceOwnership, AudienceTaken } from './oauth2-audiences.js';

/** One audience + scope pair of an OAuth 2.0 client credential. */
export interface OAuth2Scope {
  audience: string;
  scope: string;
}

/** An OAuth 2.0 client credential; its id is the client_id. Never carries the secret or its digest. */
export interface OAuth2Client {
  id: string;
  userId: string;
  name: string;
  description: string;
  scopes: OAuth2Scope[];
  secretHint: string;
  /** Goes up on every secret reset; access tokens carry it, so older ones stop working at once. */
  secretVersion: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  secretResetAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The networks client authentication and its access tokens may be used from (normalised CIDR); empty: anywhere. */
  allowedNetworks: string[];
  /** When it was suspended (issue 18): refused at the token endpoint and its access tokens at once; null: active. */
  suspendedAt: string | null;
}

export interface NewOAuth2Client {
  id: string;
  userId: string;
  name: string;
  description: string;
  scopes: OAuth2Scope[];
  secretDigest: string;
  secretHint: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  /** Omitted, null or empty: anywhere. */
  allowedNetworks?: readonly string[] | null;
}

export interface OAuth2ClientPatch {
  name?: string;
  description?: string;
  scopes?: OAuth2Scope[];
  /** Empty: anywhere. */
  allowedNetworks?: readonly string[];
  updatedAt: string;
}

/** What client authentication and access-token verification need, read in one lookup by client id. */
export interface OAuth2ClientCredential {
  client: OAuth2Client;
  secretDigest: string;
  user: CredentialOwner;
  /** The allow-list compiled once per distinct text (security/networks.ts); null: anywhere. */
  networks: NetworkAllowList | null;
  suspended: boolean;
}

/** OAuth 2.0 client credentials. Every audited change takes its event and commits it in its own transaction. */
export interface OAuth2ClientRepository {
  /**
   * Inserts the credential only while the owner has fewer than maxPerUser; atomic against concurrent creates. With a
   * claim, the audiences are claimed in the same transaction, or nothing is written.
   */
  create(
    client: NewOAuth2Client,
    maxPerUser: number,
    audit?: AuditEvent,
    claim?: AudienceClaim,
  ): Promise<OAuth2Client | 'limit_reached' | AudienceTaken>;
  list(userId: string): Promise<OAuth2Client[]>;
  get(userId: string, clientId: string): Promise<OAuth2Client | undefined>;
  update(
    userId: string,
    clientId: string,
    patch: OAuth2ClientPatch,
    audit?: AuditEvent,
    claim?: AudienceClaim,
  ): Promise<OAuth2Client | undefined | AudienceTaken>;
  /** The owners (user ids) of those of these audience keys that are owned. */
  audienceOwners(audiences: string[]): Promise<Map<string, string>>;
  /** Every owned audience, by audience. */
  listAudiences(): Promise<AudienceOwnership[]>;
  /** Gives an audience to a user (an administrator's transfer), with its audit row; the previous owner, if any. */
  setAudienceOwner(audience: string, ownerUserId: string, at: string, audit?: AuditEvent): Promise<string | null>;
  /**
   * Replaces the secret digest and bumps secret_version in one write: the old secret and its tokens die together.
   * `expiresAt`, when given, is the new expiry (bounded by the credential that asked, F-1).
   */
  resetSecret(
    userId: string,
    clientId: string,
    next: { secretDigest: string; secretHint: string; at: string; expiresAt?: string | null },
    audit?: AuditEvent,
  ): Promise<OAuth2Client | undefined>;
  delete(userId: string, clientId: string, audit?: AuditEvent): Promise<boolean>;
  /** Suspends (at) or resumes (null) the client with its audit row; the client as it is now, if it exists. */
  setSuspended(
    userId: string,
    clientId: string,
    suspendedAt: string | null,
    audit?: AuditEvent,
  ): Promise<OAuth2Client | undefined>;
  findCredential(clientId: string): Promise<OAuth2ClientCredential | undefined>;
  /** Records that the client obtained an access token; the audit row commits with it. */
  recordUse(clientId: string, at: string, audit?: AuditEvent): Promise<void>;
}

const toOAuth2Client = (r: Selectable<OAuth2ClientsTable>): OAuth2Client => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  description: r.description,
  scopes: JSON.parse(r.scopes) as OAuth2Scope[],
  secretHint: r.secret_hint,
  secretVersion: Number(r.secret_version),
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  secretResetAt: r.secret_reset_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  allowedNetworks: networkList(r.allowed_networks),
  suspendedAt: r.suspended_at,
});

export class KyselyOAuth2ClientRepository implements OAuth2ClientRepository {
  constructor(protected readonly db: Db) {}

  /** Serialises creates per owner. SQLite's single writer already does; PostgreSQL locks the user row. */
  protected async lockOwner(_trx: Db, _userId: string): Promise<void> {}

  audienceOwners(audiences: string[]): Promise<Map<string, string>> {
    return audienceOwners(this.db, audiences);
  }

  listAudiences(): Promise<AudienceOwnership[]> {
    return listAudiences(this.db);
  }

  setAudienceOwner(audience: string, ownerUserId: string, at: string, audit?: AuditEvent): Promise<string | null> {
    return setAudienceOwner(this.db, audience, ownerUserId, at, audit);
  }

  async create(c: NewOAuth2Client, maxPerUser: number, audit?: AuditEvent, claim?: AudienceClaim) {
    const run = this.db.transaction().execute(async (trx) => {
      await this.lockOwner(trx, c.userId);
      const { n } = await trx
        .selectFrom('oauth2_clients')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', c.userId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= maxPerUser) return 'limit_reached' as const;
      await claimAudiences(trx, c.userId, claim);
      const row = {
        id: c.id,
        user_id: c.userId,
        name: c.name,
        description: c.description,
        scopes: JSON.stringify(c.scopes),
        secret_digest: c.secretDigest,
        secret_hint: c.secretHint,
        secret_version: 1,
        created_at: c.createdAt,
        created_by: c.createdBy,
        updated_at: c.createdAt,
        secret_reset_at: null,
        expires_at: c.expiresAt,
        last_used_at: null,
        allowed_networks: storedNetworks(c.allowedNetworks),
        suspended_at: null,
      };
      await trx.insertInto('oauth2_clients').values(row).execute();
      if (audit) await insertAudit(trx, audit);
      return toOAuth2Client(row);
    });
    return unlessTaken(run);
  }

  async list(userId: string) {
    const rows = await this.db
      .selectFrom('oauth2_clients')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toOAuth2Client);
  }

  get(userId: string, clientId: string) {
    return this.getOn(this.db, userId, clientId);
  }

  private async getOn(db: Db, userId: string, clientId: string) {
    const r = await db
      .selectFrom('oauth2_clients')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', clientId)
      .executeTakeFirst();
    return r && toOAuth2Client(r);
  }

  update(userId: string, clientId: string, p: OAuth2ClientPatch, audit?: AuditEvent, claim?: AudienceClaim) {
    const set: Partial<Selectable<OAuth2ClientsTable>> = { updated_at: p.updatedAt };
    if (p.name !== undefined) set.name = p.name;
    if (p.description !== undefined) set.description = p.description;
    if (p.scopes !== undefined) set.scopes = JSON.stringify(p.scopes);
    if (p.allowedNetworks !== undefined) set.allowed_networks = storedNetworks(p.allowedNetworks);
    if (claim && claim.audiences.length > 0) {
      const run = this.db.transaction().execute(async (trx) => {
        if (!(await this.getOn(trx, userId, clientId))) return undefined;
        await claimAudiences(trx, userId, claim);
        await trx
          .updateTable('oauth2_clients')
          .set(set)
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .execute();
        const c = await this.getOn(trx, userId, clientId);
        if (c && audit) await insertAudit(trx, audit);
        return c;
      });
      return unlessTaken(run);
    }
    return audited(
      this.db,
      audit,
      async (db) => {
        await db
          .updateTable('oauth2_clients')
          .set(set)
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .execute();
        return this.getOn(db, userId, clientId);
      },
      (c) => c !== undefined,
    );
  }

  resetSecret(
    userId: string,
    clientId: string,
    next: { secretDigest: string; secretHint: string; at: string; expiresAt?: string | null },
    audit?: AuditEvent,
  ) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .updateTable('oauth2_clients')
          .set((eb) => ({
            secret_digest: next.secretDigest,
            secret_hint: next.secretHint,
            secret_version: eb('secret_version', '+', 1),
            secret_reset_at: next.at,
            updated_at: next.at,
            ...(next.expiresAt !== undefined ? { expires_at: next.expiresAt } : {}),
          }))
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return undefined;
        return this.getOn(db, userId, clientId);
      },
      (c) => c !== undefined,
    );
  }

  delete(userId: string, clientId: string, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .deleteFrom('oauth2_clients')
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }

  setSuspended(userId: string, clientId: string, suspendedAt: string | null, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        await db
          .updateTable('oauth2_clients')
          .set({ suspended_at: suspendedAt })
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .execute();
        return this.getOn(db, userId, clientId);
      },
      (c) => c !== undefined,
    );
  }

  async findCredential(clientId: string): Promise<OAuth2ClientCredential | undefined> {
    const r = await this.db
      .selectFrom('oauth2_clients as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .selectAll('c')
      .select(['u.username', 'u.display_name', 'u.role', 'u.disabled', 'u.api_tokens_enabled'])
      .where('c.id', '=', clientId)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      client: toOAuth2Client(r),
      secretDigest: r.secret_digest,
      user: toOwner(r),
      networks: allowListOf(r.allowed_networks),
      suspended: r.suspended_at !== null,
    };
  }

  async recordUse(clientId: string, at: string, audit?: AuditEvent) {
    await audited(
      this.db,
      audit,
      (db) => db.updateTable('oauth2_clients').set({ last_used_at: at }).where('id', '=', clientId).execute(),
      () => true,
    );
  }
}
