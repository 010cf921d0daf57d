import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { GraceWindowService } from '../grace-windows/service.js';
import { NotFound } from '../http/errors.js';
import { redactSegment } from '../http/redact-path.js';
import { assertGainedScopesAllowed, tokenExpiry } from '../policy/credential-rules.js';
import { allowsNoExpiry, type Policy, type PolicySource } from '../policy/policy.js';
import type { ScopeName } from '../scopes/vocabulary.js';
import {
  assertWithinRequester,
  changedNetworks,
  changedScopes,
  credentialCreators,
  credentialOwner,
  type CredentialCreator,
} from '../security/credential-issuing.js';
import { NO_PROJECTS, assertOwnerHoldsProjects, changedProjects, projectChoices } from '../security/project-limits.js';
import { withPending, type CredentialClient } from '../store/credential-clients.js';
import type {
  AuthToken,
  AuthTokenChanges,
  AuthTokenRepository,
  ProjectRepository,
  User,
  UserRepository,
} from '../store/store.js';
import type { LastUseRecorder } from './last-use.js';
import { notRevoked } from './revoked.js';

/** The lifecycle policy as the list response shows it to the Generate dialog (what it offers and refuses). */
export type TokenPolicy = Omit<Policy, 'revokeUnusedAfterDays' | 'oauth2ClientCredentials'>;

/**
 * Auth tokens as they stand: what the console and GoodData read of them (with uses not yet flushed and open grace
 * windows), the policy their dialogs show, and changes to their settings and state. What concerns a token's secret —
 * issuing, regenerating, its grace window and delivery — is AuthTokenService's (service.ts).
 */
export class AuthTokenRecords {
  constructor(
    protected readonly tokens: AuthTokenRepository,
    protected readonly users: UserRepository,
    protected readonly policies: PolicySource,
    protected readonly lastUse: LastUseRecorder,
    protected readonly audit: AuditService,
    /** Grace windows of previous secrets (issue 20); without it a regenerate never keeps the old secret. */
    protected readonly grace?: GraceWindowService,
    /** The owners' projects (issue 21): a token is limited only to projects its owner holds a role in. */
    protected readonly projects: Pick<ProjectRepository, 'projectsOf'> = NO_PROJECTS,
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
  protected withPendingUse(t: AuthToken): AuthToken {
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
  protected withGrace(list: AuthToken[]): Promise<AuthToken[]> | AuthToken[] {
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

/** A token's scopes in an audit row: the names, or `fullAccess: true` (never a secret). */
export const scopeDetails = (scopes: readonly string[] | null): Record<string, unknown> =>
  scopes === null ? { fullAccess: true } : { scopes: [...scopes] };
