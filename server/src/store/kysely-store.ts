import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { Database, UsersTable, AuthTokensTable, AuthTokenUsageTable, AuditEventsTable } from './schema.js';
import type {
  AuditEvent,
  AuditQuery,
  AuthToken,
  KeystoneCredential,
  KeystoneToken,
  LastUse,
  NewAuthToken,
  NewUser,
  Store,
  StoredSession,
  TokenCredential,
  User,
  UserPage,
  UserPatch,
  UserWithSecret,
} from './store.js';
import type { NewOAuth2Client, OAuth2Client, OAuth2ClientCredential, OAuth2Scope, OAuth2SigningKey } from './store.js';
import type { OAuth2ClientsTable } from './schema.js';

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
});

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: Number(r.disabled) === 1,
  apiTokensEnabled: Number(r.api_tokens_enabled) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

type TokenRow = Omit<Selectable<AuthTokensTable>, 'digest'> &
  Pick<Selectable<AuthTokenUsageTable>, 'last_used_at' | 'last_used_ip'>;

const toToken = (r: TokenRow): AuthToken => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  description: r.description,
  hint: r.hint,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  lastUsedIp: r.last_used_ip,
  regeneratedAt: r.regenerated_at,
});

const toAudit = (r: Selectable<AuditEventsTable>): AuditEvent => ({
  id: r.id,
  at: r.at,
  action: r.action,
  outcome: r.outcome === 'failure' ? 'failure' : 'success',
  actorId: r.actor_id,
  actorUsername: r.actor_username,
  targetUserId: r.target_user_id,
  tokenId: r.token_id,
  ip: r.ip,
  userAgent: r.user_agent,
  details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
});

const auditRow = (e: AuditEvent) => ({
  id: e.id,
  at: e.at,
  action: e.action,
  outcome: e.outcome,
  actor_id: e.actorId,
  actor_username: e.actorUsername,
  target_user_id: e.targetUserId,
  token_id: e.tokenId,
  ip: e.ip,
  user_agent: e.userAgent,
  details: e.details ? JSON.stringify(e.details) : null,
});

// Read from auth_tokens as t left join auth_token_usage as u: last use lives in its own narrow table.
const tokenColumns = [
  't.id',
  't.user_id',
  't.name',
  't.description',
  't.hint',
  't.created_at',
  't.created_by',
  't.expires_at',
  'u.last_used_at',
  'u.last_used_ip',
  't.regenerated_at',
] as const;

const encodeCursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
function decodeCursor(cursor: string | undefined, n: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === n && parts.every((p) => typeof p === 'string'))
      return parts as string[];
  } catch {
    /* fall through */
  }
  return undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** Kysely implementation shared by SQLite and PostgreSQL; dialect differences are confined to row locking. */
export class KyselyStore implements Store {
  /** Set by the SQLite store only (see Store.findTokenCredentialNow). */
  findTokenCredentialNow?: (digest: string) => TokenCredential | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async countUsers() {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createUser(u: NewUser) {
    const row = {
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      disabled: 0,
      password_hash: u.passwordHash,
      api_tokens_enabled: u.apiTokensEnabled ? 1 : 0,
      created_at: u.createdAt,
      updated_at: u.createdAt,
    };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async getUser(id: string) {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async getUserWithSecret(id: string): Promise<UserWithSecret | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { ...toUser(r), passwordHash: r.password_hash };
  }

  async getUserWithSecretByUsername(username: string): Promise<UserWithSecret | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r && { ...toUser(r), passwordHash: r.password_hash };
  }

  async listUsers(opts: { search?: string; cursor?: string; limit: number }): Promise<UserPage> {
    let q = this.db
      .selectFrom('users')
      .selectAll()
      .orderBy('username')
      .limit(opts.limit + 1);
    if (opts.search) {
      const pattern = `%${escapeLike(opts.search.toLowerCase())}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(username)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(display_name)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    const after = decodeCursor(opts.cursor, 1);
    if (after) q = q.where('username', '>', after[0]!);
    const rows = await q.execute();
    const page = rows.slice(0, opts.limit).map(toUser);
    const last = page[page.length - 1];
    return { users: page, nextCursor: rows.length > opts.limit && last ? encodeCursor([last.username]) : null };
  }

  async updateUser(id: string, p: UserPatch) {
    const set: Partial<Selectable<UsersTable>> = { updated_at: p.updatedAt };
    if (p.displayName !== undefined) set.display_name = p.displayName;
    if (p.role !== undefined) set.role = p.role;
    if (p.disabled !== undefined) set.disabled = p.disabled ? 1 : 0;
    if (p.passwordHash !== undefined) set.password_hash = p.passwordHash;
    if (p.apiTokensEnabled !== undefined) set.api_tokens_enabled = p.apiTokensEnabled ? 1 : 0;
    await this.db.updateTable('users').set(set).where('id', '=', id).execute();
    return this.getUser(id);
  }

  async createAuthToken(t: NewAuthToken, maxPerUser: number, audit?: AuditEvent) {
    return this.db.transaction().execute(async (trx) => {
      // Serialise creates per owner: PostgreSQL locks the user row; SQLite's single writer already serialises.
      await this.lockUser(trx, t.userId);
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
      const row = {
        id: t.id,
        user_id: t.userId,
        name: t.name,
        description: t.description,
        hint: t.hint,
        digest: t.digest,
        created_at: t.createdAt,
        created_by: t.createdBy,
        expires_at: t.expiresAt,
        regenerated_at: null,
      };
      await trx.insertInto('auth_tokens').values(row).execute();
      if (audit) await trx.insertInto('audit_events').values(auditRow(audit)).execute();
      return toToken({ ...row, last_used_at: null, last_used_ip: null });
    });
  }

  private async lockUser(trx: Transaction<Database>, userId: string) {
    if (this.dialect === 'postgres') {
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    }
  }

  private selectTokens() {
    return this.db
      .selectFrom('auth_tokens as t')
      .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
      .select(tokenColumns);
  }

  async listAuthTokens(userId: string) {
    const rows = await this.selectTokens()
      .where('t.user_id', '=', userId)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .execute();
    return rows.map(toToken);
  }

  async countAuthTokens(userId: string) {
    const r = await this.db
      .selectFrom('auth_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async getAuthToken(userId: string, tokenId: string) {
    const r = await this.selectTokens().where('t.user_id', '=', userId).where('t.id', '=', tokenId).executeTakeFirst();
    return r && toToken(r);
  }

  async getAuthTokenByName(userId: string, name: string) {
    const r = await this.selectTokens().where('t.user_id', '=', userId).where('t.name', '=', name).executeTakeFirst();
    return r && toToken(r);
  }

  async updateAuthTokenDescription(userId: string, tokenId: string, description: string) {
    await this.db
      .updateTable('auth_tokens')
      .set({ description })
      .where('user_id', '=', userId)
      .where('id', '=', tokenId)
      .execute();
    return this.getAuthToken(userId, tokenId);
  }

  async regenerateAuthToken(
    userId: string,
    tokenId: string,
    next: { digest: string; hint: string; expiresAt: string | null; regeneratedAt: string },
  ) {
    const updated = await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('auth_tokens')
        .set({
          digest: next.digest,
          hint: next.hint,
          expires_at: next.expiresAt,
          regenerated_at: next.regeneratedAt,
        })
        .where('user_id', '=', userId)
        .where('id', '=', tokenId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      // The new secret has not been used yet.
      await trx.deleteFrom('auth_token_usage').where('token_id', '=', tokenId).execute();
      return true;
    });
    if (!updated) return undefined;
    return this.getAuthToken(userId, tokenId);
  }

  async deleteAuthToken(userId: string, tokenId: string) {
    const r = await this.db
      .deleteFrom('auth_tokens')
      .where('user_id', '=', userId)
      .where('id', '=', tokenId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async findTokenCredential(digest: string): Promise<TokenCredential | undefined> {
    const r = await this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id as token_id',
        't.expires_at',
        'u.id as user_id',
        'u.username',
        'u.display_name',
        'u.role',
        'u.disabled',
        'u.api_tokens_enabled',
      ])
      .where('t.digest', '=', digest)
      .executeTakeFirst();
    return r && credentialFromRow(r);
  }

  async recordLastUses(uses: LastUse[]) {
    if (uses.length === 0) return;
    // One lock order for every replica's batch, so concurrent flushes on PostgreSQL cannot deadlock.
    const ordered = [...uses].sort((x, y) => (x.tokenId < y.tokenId ? -1 : x.tokenId > y.tokenId ? 1 : 0));
    await this.db.transaction().execute(async (trx) => {
      for (const u of ordered) {
        let source = trx
          .selectFrom('auth_tokens')
          .select((eb) => ['id', eb.val(u.at).as('last_used_at'), eb.val(u.ip).as('last_used_ip')])
          .where('id', '=', u.tokenId)
          // A use of the secret that a regenerate replaced must not show as a use of the new one.
          .where((eb) => eb.or([eb('regenerated_at', 'is', null), eb('regenerated_at', '<', u.at)]));
        // PostgreSQL: wait for a concurrent regenerate of this token and re-check regenerated_at after it.
        if (this.dialect === 'postgres') source = source.forShare();
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
    });
  }

  async bulkInsertUsers(users: NewUser[]) {
    const rows = users.map((u) => ({
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      disabled: 0,
      password_hash: u.passwordHash,
      api_tokens_enabled: u.apiTokensEnabled ? 1 : 0,
      created_at: u.createdAt,
      updated_at: u.createdAt,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('users')
          .values(rows.slice(i, i + 500))
          .execute();
    });
  }

  async bulkInsertAuthTokens(tokens: NewAuthToken[]) {
    const rows = tokens.map((t) => ({
      id: t.id,
      user_id: t.userId,
      name: t.name,
      description: t.description,
      hint: t.hint,
      digest: t.digest,
      created_at: t.createdAt,
      created_by: t.createdBy,
      expires_at: t.expiresAt,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('auth_tokens')
          .values(rows.slice(i, i + 500))
          .execute();
    });
  }

  async appendAudit(e: AuditEvent) {
    await this.db.insertInto('audit_events').values(auditRow(e)).execute();
  }

  async listAudit(query: AuditQuery) {
    let q = this.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.userId) {
      const uid = query.userId;
      q = q.where((eb) => eb.or([eb('target_user_id', '=', uid), eb('actor_id', '=', uid)]));
    }
    if (query.action) q = q.where('action', '=', query.action);
    if (query.since) q = q.where('at', '>=', query.since);
    if (query.until) q = q.where('at', '<', query.until);
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      const [at, id] = after as [string, string];
      q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.execute();
    const events = rows.slice(0, query.limit).map(toAudit);
    const last = events[events.length - 1];
    return { events, nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null };
  }

  async createKeystoneToken(t: KeystoneToken) {
    await this.db
      .insertInto('keystone_tokens')
      .values({
        digest: t.digest,
        user_id: t.userId,
        audit_id: t.auditId,
        methods: JSON.stringify(t.methods),
        domain_scoped: t.domainScoped ? 1 : 0,
        issued_at: t.issuedAt,
        expires_at: t.expiresAt,
      })
      .execute();
  }

  async findKeystoneToken(digest: string): Promise<KeystoneCredential | undefined> {
    const r = await this.db
      .selectFrom('keystone_tokens as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select([
        'k.digest',
        'k.user_id',
        'k.audit_id',
        'k.methods',
        'k.domain_scoped',
        'k.issued_at',
        'k.expires_at',
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
      user: {
        id: r.user_id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        disabled: Number(r.disabled) === 1,
        apiTokensEnabled: Number(r.api_tokens_enabled) === 1,
      },
    };
  }

  async deleteKeystoneToken(digest: string) {
    const r = await this.db.deleteFrom('keystone_tokens').where('digest', '=', digest).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async pruneKeystoneTokens(now: string) {
    const r = await this.db.deleteFrom('keystone_tokens').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async getSession(sidDigest: string, now: string): Promise<StoredSession | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid_digest', '=', sidDigest)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return r && { data: r.data, expiresAt: r.expires_at };
  }

  async setSession(sidDigest: string, userId: string | null, data: string, expiresAt: string) {
    await this.db
      .insertInto('sessions')
      .values({ sid_digest: sidDigest, user_id: userId, data, expires_at: expiresAt })
      .onConflict((oc) => oc.column('sid_digest').doUpdateSet({ user_id: userId, data, expires_at: expiresAt }))
      .execute();
  }

  async touchSession(sidDigest: string, expiresAt: string) {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid_digest', '=', sidDigest).execute();
  }

  async destroySession(sidDigest: string) {
    await this.db.deleteFrom('sessions').where('sid_digest', '=', sidDigest).execute();
  }

  async destroySessionsOfUser(userId: string) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async pruneSessions(now: string) {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async createOAuth2Client(c: NewOAuth2Client, maxPerUser: number) {
    return this.db.transaction().execute(async (trx) => {
      await this.lockUser(trx, c.userId);
      const { n } = await trx
        .selectFrom('oauth2_clients')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', c.userId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= maxPerUser) return 'limit_reached' as const;
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
      };
      await trx.insertInto('oauth2_clients').values(row).execute();
      return toOAuth2Client(row);
    });
  }

  async listOAuth2Clients(userId: string) {
    const rows = await this.db
      .selectFrom('oauth2_clients')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toOAuth2Client);
  }

  async getOAuth2Client(userId: string, clientId: string) {
    const r = await this.db
      .selectFrom('oauth2_clients')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', clientId)
      .executeTakeFirst();
    return r && toOAuth2Client(r);
  }

  async updateOAuth2Client(
    userId: string,
    clientId: string,
    p: { name?: string; description?: string; scopes?: OAuth2Scope[]; updatedAt: string },
  ) {
    const set: Partial<Selectable<OAuth2ClientsTable>> = { updated_at: p.updatedAt };
    if (p.name !== undefined) set.name = p.name;
    if (p.description !== undefined) set.description = p.description;
    if (p.scopes !== undefined) set.scopes = JSON.stringify(p.scopes);
    await this.db
      .updateTable('oauth2_clients')
      .set(set)
      .where('user_id', '=', userId)
      .where('id', '=', clientId)
      .execute();
    return this.getOAuth2Client(userId, clientId);
  }

  async resetOAuth2ClientSecret(
    userId: string,
    clientId: string,
    next: { secretDigest: string; secretHint: string; at: string },
  ) {
    const r = await this.db
      .updateTable('oauth2_clients')
      .set((eb) => ({
        secret_digest: next.secretDigest,
        secret_hint: next.secretHint,
        secret_version: eb('secret_version', '+', 1),
        secret_reset_at: next.at,
        updated_at: next.at,
      }))
      .where('user_id', '=', userId)
      .where('id', '=', clientId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    return this.getOAuth2Client(userId, clientId);
  }

  async deleteOAuth2Client(userId: string, clientId: string) {
    const r = await this.db
      .deleteFrom('oauth2_clients')
      .where('user_id', '=', userId)
      .where('id', '=', clientId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async findOAuth2ClientCredential(clientId: string): Promise<OAuth2ClientCredential | undefined> {
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
      user: {
        id: r.user_id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        disabled: Number(r.disabled) === 1,
        apiTokensEnabled: Number(r.api_tokens_enabled) === 1,
      },
    };
  }

  async recordOAuth2ClientUse(clientId: string, at: string) {
    await this.db.updateTable('oauth2_clients').set({ last_used_at: at }).where('id', '=', clientId).execute();
  }

  async listOAuth2SigningKeys(): Promise<OAuth2SigningKey[]> {
    const rows = await this.db.selectFrom('oauth2_signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      publicJwk: r.public_jwk,
      privateJwkEncrypted: r.private_jwk_encrypted,
      createdAt: r.created_at,
      retiredAt: r.retired_at,
    }));
  }

  async rotateOAuth2SigningKey(k: OAuth2SigningKey) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('oauth2_signing_keys')
        .set({ retired_at: k.createdAt })
        .where('retired_at', 'is', null)
        .execute();
      await trx
        .insertInto('oauth2_signing_keys')
        .values({
          kid: k.kid,
          alg: k.alg,
          public_jwk: k.publicJwk,
          private_jwk_encrypted: k.privateJwkEncrypted,
          created_at: k.createdAt,
          retired_at: null,
        })
        .execute();
    });
  }

  async revokeOAuth2AccessToken(e: { jti: string; clientId: string; revokedAt: string; expiresAt: string }) {
    await this.db.deleteFrom('oauth2_revoked_tokens').where('expires_at', '<', e.revokedAt).execute();
    await this.db
      .insertInto('oauth2_revoked_tokens')
      .values({ jti: e.jti, client_id: e.clientId, revoked_at: e.revokedAt, expires_at: e.expiresAt })
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  }

  async isOAuth2AccessTokenRevoked(jti: string) {
    const r = await this.db.selectFrom('oauth2_revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
    return r !== undefined;
  }

  async ping() {
    await sql`select 1`.execute(this.db);
  }

  async close() {
    await this.onClose();
  }
}

export interface CredentialRow {
  token_id: string;
  expires_at: string | null;
  user_id: string;
  username: string;
  display_name: string;
  role: 'user' | 'admin';
  disabled: number;
  api_tokens_enabled: number;
}

export const credentialFromRow = (r: CredentialRow): TokenCredential => ({
  tokenId: r.token_id,
  expiresAt: r.expires_at,
  user: {
    id: r.user_id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: Number(r.disabled) === 1,
    apiTokensEnabled: Number(r.api_tokens_enabled) === 1,
  },
});
