import type { CredentialCache } from './credential-cache.js';
import type { AuditEvent } from './audit.js';
import type { LastUse, PreviousSecretCredential, TokenCredential } from './auth-tokens.js';
import type { ClientUse, NewNetworkEventOf } from './credential-clients.js';
import { flushLastUsesPostgres } from './postgres-last-use-flush.js';
import { tokenCredential } from './auth-token-rows.js';
import { limitColumn } from './credential-projects.js';
import { KyselyAuthTokenRepository } from './kysely-auth-token-repository.js';
import { KyselyOAuth2ClientRepository } from './oauth2-clients.js';
import type { TrackedPool } from './postgres-tracked-pool.js';
import { type Db, type OwnerRow, toOwner } from './rows.js';

interface CredentialRow extends OwnerRow {
  token_id: string;
  expires_at: string | null;
  scopes: string | null;
  allowed_networks: string | null;
  suspended_at: string | null;
  revoked_at: string | null;
  projects: string | null;
}

const TOKEN_PROJECTS = limitColumn('postgres', 'auth_token_projects', 'token_id', 't');

/**
 * The verification lookup, a named (server-prepared) statement per connection; a limited token's projects in the same
 * statement (store/credential-projects.ts).
 */
export const FIND_CREDENTIAL = `select t.id as token_id, t.expires_at, u.id as user_id, u.username, u.display_name, u.role,
         u.disabled, u.api_tokens_enabled, t.scopes, t.allowed_networks, t.suspended_at, t.revoked_at,
         ${TOKEN_PROJECTS} as projects
    from auth_tokens t join users u on u.id = t.user_id where t.digest = $1`;

/** The lookup of a previous secret (issue 20), only after FIND_CREDENTIAL found nothing: per request, as that one. */
export const FIND_PREVIOUS_SECRET = `select t.id as token_id, t.expires_at, u.id as user_id, u.username, u.display_name,
         u.role, u.disabled, u.api_tokens_enabled, t.scopes, t.allowed_networks, t.suspended_at, t.revoked_at,
         ${TOKEN_PROJECTS} as projects, g.started_at, g.valid_until
    from auth_token_grace g join auth_tokens t on t.id = g.credential_id join users u on u.id = t.user_id
   where g.digest = $1`;

const credentialOf = (r: CredentialRow) =>
  tokenCredential(
    r.token_id,
    r.expires_at,
    toOwner(r),
    r.scopes,
    r.allowed_networks,
    r.suspended_at,
    r.revoked_at,
    r.projects,
  );

/** Serialises a user's creates across replicas: the user row stays locked until the transaction ends. */
async function lockUserRow(trx: Db, userId: string) {
  await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}

/**
 * Auth tokens on PostgreSQL: a named statement for the lookup, its answers remembered while the change listener
 * vouches for them (a hit is answered synchronously, no statement), and row locks where replicas race.
 */
export class PostgresAuthTokenRepository extends KyselyAuthTokenRepository {
  constructor(
    db: Db,
    private readonly pool: TrackedPool,
    private readonly cache: CredentialCache<TokenCredential>,
    private readonly previousCache: CredentialCache<PreviousSecretCredential>,
  ) {
    super(db);
  }

  override findCredential(digest: string): TokenCredential | undefined | Promise<TokenCredential | undefined> {
    return this.cache.find(digest, this.readCredential);
  }

  /** Remembered as the current secret is: a window's start or end is a change the listener hears of. */
  override findPreviousSecret(
    digest: string,
  ): PreviousSecretCredential | undefined | Promise<PreviousSecretCredential | undefined> {
    return this.previousCache.find(digest, this.readPreviousSecret);
  }

  /** A named statement is parsed and planned once per connection (docs/decisions/0004-performance-deviations.md §3). */
  private readonly readCredential = async (digest: string): Promise<TokenCredential | undefined> => {
    const { rows } = await this.pool.query<CredentialRow>({
      name: 'tessera_find_credential',
      text: FIND_CREDENTIAL,
      values: [digest],
    });
    const r = rows[0];
    return r && credentialOf(r);
  };

  private readonly readPreviousSecret = async (digest: string): Promise<PreviousSecretCredential | undefined> => {
    const { rows } = await this.pool.query<CredentialRow & { started_at: string; valid_until: string }>({
      name: 'tessera_find_previous_secret',
      text: FIND_PREVIOUS_SECRET,
      values: [digest],
    });
    const r = rows[0];
    return r && { ...credentialOf(r), grace: { startedAt: r.started_at, until: r.valid_until } };
  };

  protected override lockOwner(trx: Db, userId: string) {
    return lockUserRow(trx, userId);
  }

  /**
   * The last-used flush as a constant number of statements per batch (store/postgres-last-use-flush.ts): one round
   * trip per step instead of ~4 per token, the same rules and lock order.
   */
  override async recordLastUses(
    uses: LastUse[],
    clients: readonly ClientUse[] = [],
    newNetworkEvent?: NewNetworkEventOf,
  ): Promise<AuditEvent[]> {
    if (uses.length === 0 && clients.length === 0) return [];
    const nowMs = Date.now();
    return this.db.transaction().execute((trx) => flushLastUsesPostgres(trx, uses, clients, nowMs, newNetworkEvent));
  }
}

export class PostgresOAuth2ClientRepository extends KyselyOAuth2ClientRepository {
  protected override lockOwner(trx: Db, userId: string) {
    return lockUserRow(trx, userId);
  }
}
