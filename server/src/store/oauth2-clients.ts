import type { Selectable } from 'kysely';
import type { AuditEvent } from './audit.js';
import { OAUTH2_CLIENT_TABLES, type CredentialClient, listClients, writeClientUses } from './credential-clients.js';
import { replaceGraceWindow } from './grace-windows.js';
import { type Db, audited, insertAudit, toOwner } from './rows.js';
import type { OAuth2ClientsTable } from './credential-tables.js';
import { toOAuth2Client } from './oauth2-client-rows.js';
import { limitOf, projectsOfLimited, writeProjectLimit } from './credential-projects.js';
import { clientInventory } from './oauth2-client-inventory.js';
import { allowListOf, storedNetworks } from '../security/networks.js';
import {
  audienceOwners,
  claimAudiences,
  listAudiences,
  setAudienceOwner,
  unlessTaken,
  type AudienceClaim,
  type AudienceOwnership,
} from './oauth2-audiences.js';

export type { AudienceClaim, AudienceOwnership, AudienceTaken } from './oauth2-audiences.js';
export type * from './oauth2-client-types.js';
import type {
  OAuth2ClientUse,
  DeliveryConfirmation,
  NewOAuth2Client,
  OAuth2Client,
  OAuth2ClientCredential,
  OAuth2ClientPatch,
  ClientInventoryPage,
  ClientInventoryQuery,
  OAuth2ClientRepository,
} from './oauth2-client-types.js';

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
        secret_issued_by: c.createdBy,
        delivered_at: null,
        delivered_by: null,
        projects_limited: 0,
      };
      await trx.insertInto('oauth2_clients').values(row).execute();
      if (c.projects != null) await writeProjectLimit(trx, 'oauth2_client', c.id, c.projects);
      if (audit) await insertAudit(trx, audit);
      return c.projects != null ? (await this.getOn(trx, c.userId, c.id))! : toOAuth2Client(row, null);
    });
    return unlessTaken(run);
  }

  inventory(query: ClientInventoryQuery): Promise<ClientInventoryPage> {
    return clientInventory(this.db, query);
  }

  async list(userId: string) {
    const rows = await this.db
      .selectFrom('oauth2_clients')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return this.clientsOf(this.db, rows);
  }

  /** Rows as clients, with the projects of those limited to some (one more query only when any is). */
  private async clientsOf(db: Db, rows: Selectable<OAuth2ClientsTable>[]): Promise<OAuth2Client[]> {
    const limits = await projectsOfLimited(db, 'oauth2_client', rows);
    return rows.map((r) => toOAuth2Client(r, limitOf(limits, r)));
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
    return r && (await this.clientsOf(db, [r]))[0];
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
        if (p.projects !== undefined) await writeProjectLimit(trx, 'oauth2_client', clientId, p.projects);
        const c = await this.getOn(trx, userId, clientId);
        if (c && audit) await insertAudit(trx, audit);
        return c;
      });
      return unlessTaken(run);
    }
    const change = async (db: Db) => {
      const r = await db
        .updateTable('oauth2_clients')
        .set(set)
        .where('user_id', '=', userId)
        .where('id', '=', clientId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0 && p.projects !== undefined)
        await writeProjectLimit(db, 'oauth2_client', clientId, p.projects);
      return this.getOn(db, userId, clientId);
    };
    // The limit is the flag and its links: written together even when there is no audit row to commit with them.
    if (!audit && p.projects !== undefined) return this.db.transaction().execute(change);
    return audited(this.db, audit, change, (c) => c !== undefined);
  }

  resetSecret(
    userId: string,
    clientId: string,
    next: Parameters<OAuth2ClientRepository['resetSecret']>[2],
    audit?: AuditEvent,
  ) {
    return audited(
      this.db,
      audit,
      async (db) => {
        // The secret being replaced, for its grace window (its digest only).
        const previous = await db
          .selectFrom('oauth2_clients')
          .select(['secret_digest', 'secret_hint'])
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .executeTakeFirst();
        const r = await db
          .updateTable('oauth2_clients')
          .set((eb) => ({
            secret_digest: next.secretDigest,
            secret_hint: next.secretHint,
            secret_version: eb('secret_version', '+', 1),
            secret_reset_at: next.at,
            updated_at: next.at,
            ...(next.expiresAt !== undefined ? { expires_at: next.expiresAt } : {}),
            // A new secret has to be delivered anew.
            secret_issued_by: next.issuedBy ?? null,
            delivered_at: null,
            delivered_by: null,
          }))
          .where('user_id', '=', userId)
          .where('id', '=', clientId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return undefined;
        // Only the latest previous secret is kept: a window replaces any earlier one, none ends it.
        const window =
          next.graceUntil && previous
            ? { digest: previous.secret_digest, hint: previous.secret_hint, startedAt: next.at, until: next.graceUntil }
            : null;
        await replaceGraceWindow(db, 'oauth2_client', clientId, window);
        return this.getOn(db, userId, clientId);
      },
      (c) => c !== undefined,
    );
  }

  async markDelivered(userId: string, clientId: string, c: DeliveryConfirmation, audit?: AuditEvent) {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('oauth2_clients')
        .set({ delivered_at: c.at, delivered_by: c.by })
        .where('user_id', '=', userId)
        .where('id', '=', clientId)
        .where('delivered_at', 'is', null)
        // Only the secret that was confirmed: a reset since made another one, whose delivery is still due.
        .where('secret_hint', '=', c.hint)
        .executeTakeFirst();
      const now = await this.getOn(trx, userId, clientId);
      if (Number(r.numUpdatedRows) === 0) return !now || now.secretHint === c.hint ? now : ('changed' as const);
      if (audit) await insertAudit(trx, audit);
      return now;
    });
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
      // By primary key, in the same lookup: the previous secret is compared only when the current one does not match.
      .leftJoin('oauth2_client_grace as g', 'g.credential_id', 'c.id')
      .selectAll('c')
      .select(['u.username', 'u.display_name', 'u.role', 'u.disabled', 'u.api_tokens_enabled'])
      .select(['g.digest as previous_digest', 'g.started_at as previous_started_at', 'g.valid_until as previous_until'])
      .where('c.id', '=', clientId)
      .executeTakeFirst();
    if (!r) return undefined;
    // A limited client's projects: one more query by the link table's key, only when it is limited.
    const client = (await this.clientsOf(this.db, [r]))[0]!;
    return {
      client,
      projects: client.projects ? Object.freeze(client.projects.map((p) => p.id)) : undefined,
      secretDigest: r.secret_digest,
      user: toOwner(r),
      networks: allowListOf(r.allowed_networks),
      suspended: r.suspended_at !== null,
      previousSecret:
        r.previous_digest !== null && r.previous_started_at !== null && r.previous_until !== null
          ? { digest: r.previous_digest, startedAt: r.previous_started_at, until: r.previous_until }
          : null,
    };
  }

  async findById(clientId: string): Promise<OAuth2Client | undefined> {
    const r = await this.db.selectFrom('oauth2_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
    return r && (await this.clientsOf(this.db, [r]))[0];
  }

  async findBySecretDigest(digest: string): Promise<OAuth2Client | undefined> {
    const r = await this.db
      .selectFrom('oauth2_clients')
      .selectAll()
      .where('secret_digest', '=', digest)
      .executeTakeFirst();
    return r && (await this.clientsOf(this.db, [r]))[0];
  }

  async recordUse(clientId: string, at: string, audit?: AuditEvent, client?: OAuth2ClientUse): Promise<AuditEvent[]> {
    return this.db.transaction().execute(async (trx) => {
      // The row lock of this update also serialises concurrent grants' client writes for the client.
      await trx.updateTable('oauth2_clients').set({ last_used_at: at }).where('id', '=', clientId).execute();
      if (audit) await insertAudit(trx, audit);
      if (!client) return [];
      const use = {
        credentialId: clientId,
        ip: client.ip,
        userAgent: client.userAgent,
        firstAt: at,
        lastAt: at,
        count: 1,
      };
      return writeClientUses(trx, OAUTH2_CLIENT_TABLES, [use], Date.parse(at), client.newNetworkEvent);
    });
  }

  clients(clientId: string, since: string): Promise<CredentialClient[]> {
    return listClients(this.db, OAUTH2_CLIENT_TABLES, clientId, since);
  }
}
