import type { AuditEvent } from './audit.js';
import { storedScopes } from '../scopes/vocabulary.js';
import { storedNetworks } from '../security/networks.js';
import type {
  AuthToken,
  AuthTokenChanges,
  AuthTokenRepository,
  DeliveryConfirmation,
  InventoryPage,
  InventoryQuery,
  LastUse,
  NewAuthToken,
  PreviousSecretCredential,
  RegeneratedSecret,
  TokenCredential,
} from './auth-tokens.js';
import { tokenInventory } from './auth-token-inventory.js';
import { tokenColumns, tokenRow, toToken, type TokenRow } from './auth-token-rows.js';
import {
  AUTH_TOKEN_TABLES,
  type ClientUse,
  type CredentialClient,
  type NewNetworkEventOf,
  inLockOrder,
  listClients,
  writeClientUses,
} from './credential-clients.js';
import { replaceGraceWindow } from './grace-windows.js';
import { limitOf, projectsOfLimited, writeProjectLimit } from './credential-projects.js';
import { type Db, audited, insertAudit } from './rows.js';
import type { AuthTokensTable } from './credential-tables.js';

const NOT_REVOKED = {
  revoked_at: null,
  revocation_id: null,
  revocation_kind: null,
  revocation_reason: null,
  revocation_by: null,
  revocation_by_username: null,
  revocation_undo_until: null,
};

/** Shared by both databases; each dialect supplies the credential lookup and its row locks. */
export abstract class KyselyAuthTokenRepository implements AuthTokenRepository {
  constructor(protected readonly db: Db) {}

  abstract findCredential(digest: string): TokenCredential | undefined | Promise<TokenCredential | undefined>;
  abstract findPreviousSecret(
    digest: string,
  ): PreviousSecretCredential | undefined | Promise<PreviousSecretCredential | undefined>;

  /** Serialises creates per owner. SQLite's single writer already does; PostgreSQL locks the user row. */
  protected async lockOwner(_trx: Db, _userId: string): Promise<void> {}

  async create(t: NewAuthToken, maxPerUser: number, audit?: AuditEvent) {
    return this.db.transaction().execute(async (trx) => {
      await this.lockOwner(trx, t.userId);
      const { n } = await trx
        .selectFrom('auth_tokens')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', t.userId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= maxPerUser) return 'limit_reached' as const;
      if (t.name !== null) {
        const taken = await trx
          .selectFrom('auth_tokens')
          .select('id')
          .where('user_id', '=', t.userId)
          .where('name', '=', t.name)
          .executeTakeFirst();
        if (taken) return 'name_taken' as const;
      }
      const row = { ...tokenRow(t), regenerated_at: null, suspended_at: null, delivered_at: null, delivered_by: null };
      await trx.insertInto('auth_tokens').values(row).execute();
      if (t.projects != null) await writeProjectLimit(trx, 'auth_token', t.id, t.projects);
      if (audit) await insertAudit(trx, audit);
      if (t.projects != null) return (await this.getOn(trx, t.userId, t.id))!;
      return toToken({ ...row, ...NOT_REVOKED, last_used_at: null, last_used_ip: null }, null);
    });
  }

  /** Rows as tokens, with the projects of those limited to some (one more query only when any is). */
  private async tokensOf(db: Db, rows: TokenRow[]): Promise<AuthToken[]> {
    const limits = await projectsOfLimited(db, 'auth_token', rows);
    return rows.map((r) => toToken(r, limitOf(limits, r)));
  }

  private selectTokens(db: Db) {
    return db
      .selectFrom('auth_tokens as t')
      .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
      .leftJoin('token_revocations as r', 'r.id', 't.revocation_id')
      .select(tokenColumns);
  }

  async list(userId: string) {
    const rows = await this.selectTokens(this.db)
      .where('t.user_id', '=', userId)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .execute();
    return this.tokensOf(this.db, rows);
  }

  async count(userId: string) {
    const r = await this.db
      .selectFrom('auth_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async countByOwner(userIds: readonly string[]) {
    if (userIds.length === 0) return new Map<string, number>();
    const rows = await this.db
      .selectFrom('auth_tokens')
      .select((eb) => ['user_id', eb.fn.countAll().as('n')])
      .where('user_id', 'in', [...userIds])
      .groupBy('user_id')
      .execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
  }

  get(userId: string, tokenId: string) {
    return this.getOn(this.db, userId, tokenId);
  }

  inventory(query: InventoryQuery): Promise<InventoryPage> {
    return tokenInventory(this.db, query);
  }

  private async getOn(db: Db, userId: string, tokenId: string) {
    const r = await this.selectTokens(db)
      .where('t.user_id', '=', userId)
      .where('t.id', '=', tokenId)
      .executeTakeFirst();
    return r && (await this.tokensOf(db, [r]))[0];
  }

  async getByName(userId: string, name: string) {
    const r = await this.selectTokens(this.db)
      .where('t.user_id', '=', userId)
      .where('t.name', '=', name)
      .executeTakeFirst();
    return r && (await this.tokensOf(this.db, [r]))[0];
  }

  update(userId: string, tokenId: string, changes: AuthTokenChanges, audit?: AuditEvent) {
    const set: { description?: string; scopes?: string | null; allowed_networks?: string | null } = {};
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.scopes !== undefined) set.scopes = storedScopes(changes.scopes);
    if (changes.allowedNetworks !== undefined) set.allowed_networks = storedNetworks(changes.allowedNetworks);
    return this.changeRow(userId, tokenId, set, audit, changes.projects);
  }

  setSuspended(userId: string, tokenId: string, suspendedAt: string | null, audit?: AuditEvent) {
    return this.changeRow(userId, tokenId, { suspended_at: suspendedAt }, audit);
  }

  /**
   * One audited update of the token's own columns, answered with the token as it is now. A revoked token is not
   * changed (a revocation may land between the service's read and this write): it is answered as it is, revoked, and
   * no audit row is written.
   */
  private async changeRow(
    userId: string,
    tokenId: string,
    set: Partial<Pick<AuthTokensTable, 'description' | 'scopes' | 'allowed_networks' | 'suspended_at'>>,
    audit?: AuditEvent,
    /** The new project limit (null: none); undefined: unchanged. */
    projects?: readonly string[] | null,
  ) {
    const change = async (db: Db) => {
      let changed = true;
      if (Object.keys(set).length > 0 || projects !== undefined) {
        // Only the limit changes: the row is still touched, so a revoked or missing token is told apart the same way.
        const r = await db
          .updateTable('auth_tokens')
          .set(Object.keys(set).length > 0 ? set : (eb) => ({ projects_limited: eb.ref('projects_limited') }))
          .where('user_id', '=', userId)
          .where('id', '=', tokenId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        changed = Number(r.numUpdatedRows) > 0;
        if (changed && projects !== undefined) await writeProjectLimit(db, 'auth_token', tokenId, projects);
      }
      const token = await this.getOn(db, userId, tokenId);
      return { token, changed: changed && token !== undefined };
    };
    // The limit is the flag and its links: written together even when there is no audit row to commit with them.
    const { token } =
      audit || projects === undefined
        ? await audited(this.db, audit, change, (r) => r.changed)
        : await this.db.transaction().execute(change);
    return token;
  }

  async regenerate(
    userId: string,
    tokenId: string,
    next: RegeneratedSecret,
    audit?: AuditEvent,
  ): Promise<AuthToken | undefined | 'changed'> {
    return this.db.transaction().execute(async (trx) => {
      // The secret being replaced, for its grace window (its digest only): the compare-and-swap below makes sure the
      // row still holds it when the update runs.
      const previous = await trx
        .selectFrom('auth_tokens')
        .select(['digest', 'hint'])
        .where('user_id', '=', userId)
        .where('id', '=', tokenId)
        .executeTakeFirst();
      let update = trx
        .updateTable('auth_tokens')
        .set({
          digest: next.digest,
          hint: next.hint,
          expires_at: next.expiresAt,
          regenerated_at: next.regeneratedAt,
          // A new secret has to be delivered anew.
          secret_issued_by: next.issuedBy ?? null,
          delivered_at: null,
          delivered_by: null,
        })
        .where('user_id', '=', userId)
        .where('id', '=', tokenId)
        // A revocation between the service's read and this write wins: a revoked token keeps its secret.
        .where('revoked_at', 'is', null);
      const was = next.replaces;
      // Compare-and-swap: PostgreSQL re-reads the row after a concurrent update's lock is released, SQLite has one
      // writer, so a second regenerate from the same read updates nothing.
      if (was) {
        update = update
          .where('hint', '=', was.hint)
          .where('regenerated_at', was.regeneratedAt === null ? 'is' : '=', was.regeneratedAt);
      }
      const r = await update.executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) {
        const now = await this.getOn(trx, userId, tokenId);
        // Revoked meanwhile: answered as it is (the caller refuses it); else another regenerate came first.
        if (!now || now.revocation) return now;
        return was ? 'changed' : undefined;
      }
      // The new secret has not been used yet.
      await trx.deleteFrom('auth_token_usage').where('token_id', '=', tokenId).execute();
      // Only the latest previous secret is kept: a window replaces any earlier one, none ends it.
      const window =
        next.graceUntil && previous
          ? { digest: previous.digest, hint: previous.hint, startedAt: next.regeneratedAt, until: next.graceUntil }
          : null;
      await replaceGraceWindow(trx, 'auth_token', tokenId, window);
      if (audit) await insertAudit(trx, audit);
      return this.getOn(trx, userId, tokenId);
    });
  }

  async markDelivered(
    userId: string,
    tokenId: string,
    c: DeliveryConfirmation,
    audit?: AuditEvent,
  ): Promise<AuthToken | undefined | 'changed'> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('auth_tokens')
        .set({ delivered_at: c.at, delivered_by: c.by })
        .where('user_id', '=', userId)
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .where('delivered_at', 'is', null)
        // Only the secret that was confirmed: a regenerate since made another one, whose delivery is still due.
        .where('hint', '=', c.hint)
        .executeTakeFirst();
      const now = await this.getOn(trx, userId, tokenId);
      if (Number(r.numUpdatedRows) === 0) {
        if (!now || now.revocation) return now;
        return now.hint === c.hint ? now : 'changed';
      }
      if (audit) await insertAudit(trx, audit);
      return now;
    });
  }

  delete(userId: string, tokenId: string, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .deleteFrom('auth_tokens')
          .where('user_id', '=', userId)
          .where('id', '=', tokenId)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }

  async recordLastUses(
    uses: LastUse[],
    clients: readonly ClientUse[] = [],
    newNetworkEvent?: NewNetworkEventOf,
  ): Promise<AuditEvent[]> {
    if (uses.length === 0 && clients.length === 0) return [];
    // The portable version, a statement or more per token; both databases override it (SQLite: prepared statements;
    // PostgreSQL: set-based, store/postgres-last-use-flush.ts, which also takes the replicas' locks).
    const byToken = new Map<string, { use?: LastUse; clients: ClientUse[] }>();
    const of = (id: string) => {
      let e = byToken.get(id);
      if (!e) byToken.set(id, (e = { clients: [] }));
      return e;
    };
    for (const u of uses) of(u.tokenId).use = u;
    for (const c of inLockOrder(clients)) of(c.credentialId).clients.push(c);
    const ids = [...byToken.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const nowMs = Date.now();
    return this.db.transaction().execute(async (trx) => {
      const events: AuditEvent[] = [];
      for (const id of ids) {
        const e = byToken.get(id)!;
        if (e.use) await this.writeLastUse(trx, e.use);
        if (e.clients.length > 0)
          events.push(...(await writeClientUses(trx, AUTH_TOKEN_TABLES, e.clients, nowMs, newNetworkEvent)));
      }
      return events;
    });
  }

  private async writeLastUse(trx: Db, u: LastUse) {
    const source = trx
      .selectFrom('auth_tokens')
      .select((eb) => ['id', eb.val(u.at).as('last_used_at'), eb.val(u.ip).as('last_used_ip')])
      .where('id', '=', u.tokenId)
      // A use of the secret that a regenerate replaced must not show as a use of the new one.
      .where((eb) => eb.or([eb('regenerated_at', 'is', null), eb('regenerated_at', '<', u.at)]));
    await trx
      .insertInto('auth_token_usage')
      .columns(['token_id', 'last_used_at', 'last_used_ip'])
      .expression(source)
      .onConflict((oc) =>
        oc
          .column('token_id')
          .doUpdateSet((eb) => ({
            last_used_at: eb.ref('excluded.last_used_at'),
            last_used_ip: eb.ref('excluded.last_used_ip'),
          }))
          // An older use never overwrites a newer one.
          .where((eb) =>
            eb.or([
              eb('auth_token_usage.last_used_at', 'is', null),
              eb('auth_token_usage.last_used_at', '<', eb.ref('excluded.last_used_at')),
            ]),
          ),
      )
      .execute();
  }

  clients(tokenId: string, since: string): Promise<CredentialClient[]> {
    return listClients(this.db, AUTH_TOKEN_TABLES, tokenId, since);
  }

  async bulkInsert(tokens: NewAuthToken[]) {
    const rows = tokens.map(tokenRow);
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('auth_tokens')
          .values(rows.slice(i, i + 500))
          .execute();
    });
  }
}
