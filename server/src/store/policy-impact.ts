import { type Expression, type SqlBool, sql } from 'kysely';
import { SCOPES, type ScopeName } from '../scopes/vocabulary.js';
import { unusedBefore } from './auth-token-inventory.js';
import type { Db } from './rows.js';

/** What a proposed policy is measured against (policy/impact.ts makes it from a Policy and a clock). */
export interface PolicyImpactQuery {
  now: string;
  /** Tokens expiring after this instant outlive the maximum lifetime; undefined: no maximum. */
  latestExpiry?: string | undefined;
  /** Count the tokens that never expire (expiry is required). */
  neverExpiring: boolean;
  /** Tokens whose last use (never used: last regenerate, else creation) is before this; undefined: no such rule. */
  unusedSince?: string | undefined;
  maxTokensPerUser: number;
  /** The scopes a token may hold. */
  allowedScopes: readonly ScopeName[];
  /** Count the OAuth 2.0 clients (they are turned off). */
  oauth2Clients: boolean;
}

/** Counts of existing credentials that a policy would affect; tokens already expired are left out (they are dead). */
export interface PolicyImpactCounts {
  /** Live auth tokens (not expired, not revoked; suspended ones count), the base of every count below. */
  tokens: number;
  tokensBeyondMaxLifetime: number;
  tokensNeverExpiring: number;
  tokensUnused: number;
  tokensOutsideAllowedScopes: number;
  /** Users holding more tokens than the limit (every token counts toward it: expired, suspended, revoked). */
  usersOverTokenLimit: number;
  /** Live OAuth 2.0 clients refused at the token endpoint once they are turned off. */
  oauth2Clients: number;
}

export interface PolicyImpactRepository {
  count(q: PolicyImpactQuery): Promise<PolicyImpactCounts>;
}

const count = (when: Expression<SqlBool> | undefined) =>
  when === undefined ? sql<number>`0` : sql<number>`coalesce(sum(case when ${when} then 1 else 0 end), 0)`;

/** One pass over the live tokens (portable SQL: ISO instants compare as text), one over users' totals. */
export class KyselyPolicyImpactRepository implements PolicyImpactRepository {
  constructor(private readonly db: Db) {}

  async count(q: PolicyImpactQuery): Promise<PolicyImpactCounts> {
    const allowed = new Set<string>(q.allowedScopes);
    const disallowed = SCOPES.filter((s) => !allowed.has(s.name));
    // Full access holds its owner's role's scopes: outside when any of those is disallowed.
    const fullOutside = disallowed.some((s) => !s.adminOnly)
      ? sql<SqlBool>`t.scopes is null`
      : disallowed.length > 0
        ? sql<SqlBool>`(t.scopes is null and o.role = 'admin')`
        : undefined;
    const listed = disallowed.map((s) => sql<SqlBool>`(' ' || t.scopes || ' ') like ${`% ${s.name} %`}`);
    const outside = [...(fullOutside ? [fullOutside] : []), ...listed];
    const row = await this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('users as o', 'o.id', 't.user_id')
      .leftJoin('auth_token_usage as u', 'u.token_id', 't.id')
      // Live: not expired, not revoked (issue 19: on its way out, no policy change affects it); suspended ones count.
      // The inactivity job revokes the same set (revocations/service.ts revokeInactive).
      .where(sql<SqlBool>`(t.expires_at is null or t.expires_at > ${q.now})`)
      .where('t.revoked_at', 'is', null)
      .select([
        sql<number>`count(*)`.as('tokens'),
        count(
          q.latestExpiry === undefined
            ? undefined
            : sql<SqlBool>`t.expires_at is not null and t.expires_at > ${q.latestExpiry}`,
        ).as('beyond'),
        count(q.neverExpiring ? sql<SqlBool>`t.expires_at is null` : undefined).as('never'),
        count(q.unusedSince === undefined ? undefined : unusedBefore(q.unusedSince)).as('unused'),
        count(outside.length === 0 ? undefined : sql<SqlBool>`(${sql.join(outside, sql` or `)})`).as('outside'),
      ])
      .executeTakeFirstOrThrow();
    // Every row counts, as the create limit counts it (kysely-auth-token-repository.ts create): expired, suspended
    // and revoked ones too — a revoked token holds its slot until its revocation is final (an undo brings it back).
    const over = await this.db
      .selectFrom((db) =>
        db
          .selectFrom('auth_tokens')
          .select('user_id')
          .groupBy('user_id')
          .having(sql<SqlBool>`count(*) > ${q.maxTokensPerUser}`)
          .as('x'),
      )
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const clients = q.oauth2Clients
      ? await this.db
          .selectFrom('oauth2_clients')
          .where(sql<SqlBool>`(expires_at is null or expires_at > ${q.now})`)
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      : { n: 0 };
    return {
      tokens: Number(row.tokens),
      tokensBeyondMaxLifetime: Number(row.beyond),
      tokensNeverExpiring: Number(row.never),
      tokensUnused: Number(row.unused),
      tokensOutsideAllowedScopes: Number(row.outside),
      usersOverTokenLimit: Number(over.n),
      oauth2Clients: Number(clients.n),
    };
  }
}
