import { Conflict, NotFound } from '../http/errors.js';
import {
  assertAllowedScopes,
  defaultScopesFor,
  limitReached,
  longestExpiry,
  regeneratedExpiry,
  tokenExpiry,
} from '../policy/credential-rules.js';
import { newId } from '../lib/ids.js';
import { digestToken, generateToken, tokenHint } from '../lib/token-format.js';
import type { AuditContext } from '../audit/context.js';
import {
  assertMayHoldCredentials,
  assertWithinRequester,
  boundedByCreator,
  creatorExpiry,
  issuedNetworks,
  issuedScopes,
} from '../security/credential-issuing.js';
import type { ScopeName } from '../scopes/vocabulary.js';
import type { AuthToken, NewAuthToken, User } from '../store/store.js';
import { GraceWindowService } from '../grace-windows/service.js';
import { AuthTokenRecords, scopeDetails } from './records.js';
import { notRevoked } from './revoked.js';
import { assertOwnerHoldsProjects, issuedProjects } from '../security/project-limits.js';

export type { AuthToken } from '../store/store.js';

/** Auth tokens: what AuthTokenRecords reads and changes, and their secrets (issued, regenerated, grace, delivery). */
export class AuthTokenService extends AuthTokenRecords {
  /** The token and its audit row commit together; `details` adds to the row (e.g. which API made it). */
  async create(
    ctx: AuditContext,
    owner: User,
    input: {
      description: string;
      expiresAt?: string | null | undefined;
      name?: string | null;
      /** `longest`: never, or the policy's maximum lifetime when it has one (GoodData's tokens do not expire). */
      lifetime?: 'default' | 'longest';
      /** Omitted: exactly the creating credential's own (a session's: full access). */
      scopes?: readonly ScopeName[] | undefined;
      /** Normalised ranges; omitted: the creating credential's own list; empty: anywhere (if the creator may). */
      allowedNetworks?: readonly string[] | undefined;
      /** Project ids (null: every project); omitted: the creating credential's own (issue 21). */
      projects?: readonly string[] | null | undefined;
    },
    details: Record<string, unknown> = {},
  ): Promise<{ token: AuthToken; secret: string }> {
    assertMayHoldCredentials(owner, 'API tokens');
    const p = this.policies.current();
    // Never broader or less network-restricted than the credential that asks for it (issue 18): 403 otherwise.
    const scopes = issuedScopes(ctx, owner, input.scopes ?? defaultScopesFor(p, owner.role));
    assertAllowedScopes(p, scopes, owner.role);
    const networks = issuedNetworks(ctx, input.allowedNetworks) ?? [];
    const projects = issuedProjects(ctx, input.projects);
    if (input.projects !== undefined) await assertOwnerHoldsProjects(this.projects, owner, projects);
    const now = Date.now();
    const byPolicy = input.lifetime === 'longest' ? longestExpiry(p, now) : tokenExpiry(p, input.expiresAt, now);
    // Never longer than the credential that asks for it (F-1).
    const expiresAt = boundedByCreator(byPolicy, await creatorExpiry(ctx, this.tokens));
    const secret = generateToken();
    const row: NewAuthToken = {
      id: newId(),
      userId: owner.id,
      name: input.name ?? null,
      description: input.description,
      hint: tokenHint(secret),
      digest: digestToken(secret),
      createdAt: new Date(now).toISOString(),
      createdBy: ctx.actor?.id ?? null,
      expiresAt,
      scopes,
      allowedNetworks: networks,
      projects,
    };
    const event = this.audit.event(ctx, {
      action: 'auth_token.create',
      targetUserId: owner.id,
      tokenId: row.id,
      details: {
        description: row.description,
        hint: row.hint,
        expiresAt: row.expiresAt,
        ...(expiresAt !== byPolicy ? { expiryBoundByCreator: true } : {}),
        ...scopeDetails(scopes),
        allowedNetworks: networks,
        ...(projects ? { projects } : {}),
        ...details,
      },
    });
    const result = await this.tokens.create(row, p.maxTokensPerUser, event);
    if (result === 'limit_reached') throw limitReached(owner, p, 'tokens', 'token');
    if (result === 'name_taken')
      throw new Conflict(`A token named "${input.name}" already exists.`, 'token_name_taken');
    this.audit.logged(event);
    return { token: result, secret };
  }

  /**
   * A new secret with the same description and the same lifetime length. The old secret is dead in the same write,
   * unless `graceSeconds` (at most a day) keeps it working that long (issue 20): only the latest previous secret is
   * kept, so this also ends an earlier window.
   */
  async regenerate(
    ctx: AuditContext,
    owner: User,
    tokenId: string,
    graceSeconds = 0,
  ): Promise<{ token: AuthToken; secret: string }> {
    assertMayHoldCredentials(owner, 'API tokens');
    const before = notRevoked(await this.get(owner.id, tokenId));
    // Its secret is the token's whole power: a narrower credential must not obtain a broader one this way.
    assertWithinRequester(ctx, before, 'token');
    const now = Date.now();
    const p = this.policies.current();
    // An expired token stays dead: a regenerate would give it a new lifetime nobody chose.
    if (before.expiresAt !== null && Date.parse(before.expiresAt) <= now) {
      throw new Conflict(
        'The token has expired and can’t be regenerated. Generate a new token instead.',
        'token_expired',
      );
    }
    let expiresAt = regeneratedExpiry(p, before, now);
    // Never longer than the credential that asks for it (F-1).
    expiresAt = boundedByCreator(expiresAt, await creatorExpiry(ctx, this.tokens));
    const secret = generateToken();
    const graceUntil = this.grace ? GraceWindowService.until(graceSeconds, now) : null;
    const event = this.audit.event(ctx, {
      action: 'auth_token.regenerate',
      targetUserId: owner.id,
      tokenId,
      ...(graceUntil ? { details: { graceSeconds, graceUntil, oldSecretHint: before.hint } } : {}),
    });
    const next = {
      digest: digestToken(secret),
      hint: tokenHint(secret),
      expiresAt,
      regeneratedAt: new Date(now).toISOString(),
      issuedBy: ctx.actor?.id ?? null,
      replaces: { hint: before.hint, regeneratedAt: before.regeneratedAt },
      graceUntil,
    };
    const token = await this.tokens.regenerate(owner.id, tokenId, next, event);
    if (!token) throw new NotFound('No such token.');
    if (token !== 'changed') notRevoked(token);
    if (token === 'changed') {
      throw new Conflict(
        'The token was regenerated by another request at the same time; its secret is the one that request got.',
        'conflict',
      );
    }
    this.lastUse.forget(tokenId);
    this.audit.logged(event);
    const grace = graceUntil ? GraceWindowService.opened(before.hint, next.regeneratedAt, graceUntil) : null;
    return { token: { ...token, grace }, secret };
  }

  /** End grace now (issue 20): the token's previous secret is refused from the next request on; 404 without a window. */
  async endGrace(ctx: AuditContext, owner: User, tokenId: string): Promise<void> {
    const t = await this.get(owner.id, tokenId);
    if (!this.grace || !t.grace) throw new NotFound('The token’s previous secret has no open grace window.');
    await this.grace.end(ctx, 'auth_token', t, {
      description: t.description,
      hint: t.hint,
      oldSecretHint: t.grace.oldSecretHint,
    });
  }

  /**
   * Records that the token's current secret, named by its hint, reached its owner (issue 20, point 6). The console
   * calls it after the person who was shown the secret pasted it back and it matched in the browser: the request
   * carries only that fact, so it proves no more than that the owner or an administrator said so. The first
   * confirmation stays (a second changes and audits nothing); a secret regenerated since is 409 `secret_changed`.
   */
  async confirmDelivery(ctx: AuditContext, owner: User, tokenId: string, hint: string): Promise<AuthToken> {
    const before = notRevoked(await this.get(owner.id, tokenId));
    if (before.hint !== hint) throw secretChanged();
    if (before.delivery.deliveredAt !== null) return before;
    const event = this.audit.event(ctx, {
      action: 'auth_token.confirm_delivery',
      targetUserId: owner.id,
      tokenId,
      details: { description: before.description, hint },
    });
    const at = new Date().toISOString();
    const t = await this.tokens.markDelivered(owner.id, tokenId, { hint, at, by: ctx.actor?.id ?? null }, event);
    if (!t) throw new NotFound('No such token.');
    if (t === 'changed') throw secretChanged();
    notRevoked(t);
    if (t.delivery.deliveredAt === at) this.audit.logged(event);
    return this.withPendingUse(t);
  }
}

/** A delivery confirmed for a secret the token no longer has. */
const secretChanged = () =>
  new Conflict(
    'The token has been regenerated since that secret was shown; its new secret is the one to deliver.',
    'secret_changed',
  );
