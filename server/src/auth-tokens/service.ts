import { Conflict, NotFound } from '../http/errors.js';
import {
  assertAllowedScopes,
  assertGainedScopesAllowed,
  defaultScopesFor,
  limitReached,
  longestExpiry,
  regeneratedExpiry,
  tokenExpiry,
} from '../policy/credential-rules.js';
import { allowsNoExpiry, type Policy, type PolicySource } from '../policy/policy.js';
import { redactSegment } from '../http/redact-path.js';
import { newId } from '../lib/ids.js';
import { digestToken, generateToken, tokenHint } from '../lib/token-format.js';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import {
  assertMayHoldCredentials,
  assertWithinRequester,
  changedNetworks,
  changedScopes,
  credentialCreators,
  type CredentialCreator,
  boundedByCreator,
  credentialOwner,
  creatorExpiry,
  issuedNetworks,
  issuedScopes,
} from '../security/credential-issuing.js';
import type { ScopeName } from '../scopes/vocabulary.js';
import type {
  AuthToken,
  AuthTokenChanges,
  AuthTokenRepository,
  NewAuthToken,
  ProjectRepository,
  User,
  UserRepository,
} from '../store/store.js';
import { withPending, type CredentialClient } from '../store/credential-clients.js';
import { GraceWindowService } from '../grace-windows/service.js';
import type { LastUseRecorder } from './last-use.js';
import { notRevoked } from './revoked.js';
import {
  NO_PROJECTS,
  assertOwnerHoldsProjects,
  changedProjects,
  issuedProjects,
  projectChoices,
} from '../security/project-limits.js';

export type { AuthToken } from '../store/store.js';

/** The lifecycle policy as the list response shows it to the Generate dialog (what it offers and refuses). */
export type TokenPolicy = Omit<Policy, 'revokeUnusedAfterDays' | 'oauth2ClientCredentials'>;

export class AuthTokenService {
  constructor(
    private readonly tokens: AuthTokenRepository,
    private readonly users: UserRepository,
    private readonly policies: PolicySource,
    private readonly lastUse: LastUseRecorder,
    private readonly audit: AuditService,
    /** Grace windows of previous secrets (issue 20); without it a regenerate never keeps the old secret. */
    private readonly grace?: GraceWindowService,
    /** The owners' projects (issue 21): a token is limited only to projects its owner holds a role in. */
    private readonly projects: Pick<ProjectRepository, 'projectsOf'> = NO_PROJECTS,
  ) {}

  policy(): TokenPolicy {
    const { revokeUnusedAfterDays: _r, oauth2ClientCredentials: _o, ...p } = this.policies.current();
    return { ...p, requireExpiry: !allowsNoExpiry(p) };
  }

  /** What a new token of this owner may be limited to (issue 21), as the Generate dialog offers it. */
  projectChoices(ctx: AuditContext, owner: User): Promise<{ id: string; name: string }[]> {
    return projectChoices(this.projects, ctx, owner.id);
  }

  owner(userId: string): Promise<User> {
    return credentialOwner(this.users, userId);
  }

  /** Who created each of these credentials, looked up once for the list (not on any verification path). */
  creators(list: readonly AuthToken[]): Promise<Map<string, CredentialCreator>> {
    return credentialCreators(this.users, list);
  }

  /** Resolves the requested expiry against the policy: omitted → default lifetime, null → never (if allowed). */
  resolveExpiry(requested: string | null | undefined, now: number): string | null {
    return tokenExpiry(this.policies.current(), requested, now);
  }

  /** Shows a use not yet flushed, so "last used" is current on the replica that saw it. */
  private withPendingUse(t: AuthToken): AuthToken {
    const pending = this.lastUse.peek(t.id);
    // A pending use older than a regenerate belonged to the old secret.
    return pending && (!t.lastUsedAt || pending.at > t.lastUsedAt) && (!t.regeneratedAt || pending.at > t.regeneratedAt)
      ? { ...t, lastUsedAt: pending.at, lastUsedIp: pending.ip }
      : t;
  }

  async list(userId: string): Promise<AuthToken[]> {
    return this.withGrace((await this.tokens.list(userId)).map((t) => this.withPendingUse(t)));
  }

  async get(userId: string, tokenId: string): Promise<AuthToken> {
    const t = await this.tokens.get(userId, tokenId);
    if (!t) throw new NotFound('No such token.');
    return (await this.withGrace([this.withPendingUse(t)]))[0]!;
  }

  /** The tokens with their previous secrets' open grace windows (issue 20). */
  private withGrace(list: AuthToken[]): Promise<AuthToken[]> | AuthToken[] {
    return this.grace ? this.grace.attach('auth_token', list) : list;
  }

  /**
   * The token's recent clients (issue 20) last seen since `since`: those written, with the uses this process has
   * counted but not yet written. NotFound as `get`.
   */
  async clients(userId: string, tokenId: string, since: string): Promise<CredentialClient[]> {
    await this.get(userId, tokenId);
    return withPending(await this.tokens.clients(tokenId, since), this.lastUse.peekClients(tokenId), since);
  }

  /** A token by its GoodData id (its name), else by its Tessera id: console-made tokens have no name. */
  async getByNameOrId(userId: string, id: string): Promise<AuthToken> {
    const t = (await this.tokens.getByName(userId, id)) ?? (await this.tokens.get(userId, id));
    if (!t) throw new NotFound(`No API token "${redactSegment(id)}".`);
    return t;
  }

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
   * Changes the description, scopes or networks in one audited write. Scopes and networks may always be narrowed;
   * widening them needs a browser session; neither ever goes beyond the requesting credential's own (403).
   */
  async update(
    ctx: AuditContext,
    owner: User,
    tokenId: string,
    changes: {
      description?: string | undefined;
      /** null: back to full access (a full-access session only). */
      scopes?: readonly ScopeName[] | null | undefined;
      allowedNetworks?: readonly string[] | undefined;
      /** Project ids; null: every project (a session only, when it widens). */
      projects?: readonly string[] | null | undefined;
    },
  ): Promise<AuthToken> {
    const before = notRevoked(await this.get(owner.id, tokenId));
    const next: AuthTokenChanges = {};
    const details: Record<string, unknown> = {};
    const was: Record<string, unknown> = {};
    if (changes.description !== undefined) {
      next.description = changes.description;
      details.description = changes.description;
    }
    if (changes.scopes !== undefined) {
      const scopes = changedScopes(ctx, owner, before.scopes, changes.scopes);
      assertGainedScopesAllowed(this.policies.current(), before.scopes, scopes, owner.role);
      next.scopes = scopes;
      Object.assign(details, scopeDetails(next.scopes));
      Object.assign(was, scopeDetails(before.scopes));
    }
    if (changes.allowedNetworks !== undefined) {
      next.allowedNetworks = changedNetworks(ctx, before.allowedNetworks, changes.allowedNetworks);
      details.allowedNetworks = next.allowedNetworks;
      was.allowedNetworks = before.allowedNetworks;
    }
    if (changes.projects !== undefined) {
      const current = before.projects && before.projects.map((p) => p.id);
      next.projects = changedProjects(ctx, current, changes.projects);
      await assertOwnerHoldsProjects(this.projects, owner, next.projects, current ?? []);
      details.projects = next.projects;
      was.projects = current;
    }
    const event = this.audit.event(ctx, {
      action: 'auth_token.update',
      targetUserId: owner.id,
      tokenId,
      details: { ...details, ...(Object.keys(was).length > 0 ? { previously: was } : {}) },
    });
    const t = await this.tokens.update(owner.id, tokenId, next, event);
    if (!t) throw new NotFound('No such token.');
    // Revoked between the read above and the write: unchanged, 409.
    notRevoked(t);
    this.audit.logged(event);
    return (await this.withGrace([this.withPendingUse(t)]))[0]!;
  }

  /**
   * Suspends (`true`) or resumes (`false`) a token: it keeps its secret and settings, and still counts toward the
   * per-user limit. Idempotent: a token already in the asked state is answered as it is, with no write and no audit
   * row. A suspended token is refused on the next request (the verifier reads `suspended` with the credential), on
   * every replica. Resuming turns a credential back on, so, like regenerating, it needs a requesting credential at
   * least as broad as the token (a session always is).
   */
  async setSuspended(ctx: AuditContext, owner: User, tokenId: string, suspend: boolean): Promise<AuthToken> {
    const before = notRevoked(await this.get(owner.id, tokenId));
    if ((before.suspendedAt !== null) === suspend) return before;
    if (!suspend) assertWithinRequester(ctx, before, 'token');
    const event = this.audit.event(ctx, {
      action: suspend ? 'auth_token.suspend' : 'auth_token.resume',
      targetUserId: owner.id,
      tokenId,
      details: { description: before.description, hint: before.hint },
    });
    const t = await this.tokens.setSuspended(owner.id, tokenId, suspend ? new Date().toISOString() : null, event);
    if (!t) throw new NotFound('No such token.');
    notRevoked(t);
    this.audit.logged(event);
    return (await this.withGrace([this.withPendingUse(t)]))[0]!;
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

  /** The delete and its audit row commit together; `details` adds to the row (which API, or OAuth revocation). */
  async delete(ctx: AuditContext, userId: string, tokenId: string, details?: Record<string, unknown>): Promise<void> {
    // The row names what was deleted (description, hint), so the log still says which token it was once it is gone.
    const t = await this.tokens.get(userId, tokenId);
    if (!t) throw new NotFound('No such token.');
    const event = this.audit.event(ctx, {
      action: 'auth_token.delete',
      targetUserId: userId,
      tokenId,
      details: { description: t.description, hint: t.hint, ...(t.name !== null ? { name: t.name } : {}), ...details },
    });
    if (!(await this.tokens.delete(userId, tokenId, event))) throw new NotFound('No such token.');
    this.audit.logged(event);
  }
}

/** A delivery confirmed for a secret the token no longer has. */
const secretChanged = () =>
  new Conflict(
    'The token has been regenerated since that secret was shown; its new secret is the one to deliver.',
    'secret_changed',
  );

/** A token's scopes in an audit row: the names, or `fullAccess: true` (never a secret). */
const scopeDetails = (scopes: readonly string[] | null): Record<string, unknown> =>
  scopes === null ? { fullAccess: true } : { scopes: [...scopes] };
