import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { GraceWindowService } from '../grace-windows/service.js';
import { NotFound } from '../http/errors.js';
import { assertGainedScopesAllowed, clientExpiry } from '../policy/credential-rules.js';
import type { PolicySource } from '../policy/policy.js';
import {
  assertWithinRequester,
  changedNetworks,
  changedScopes,
  creatorExpiry,
  credentialCreators,
  credentialOwner,
  type CredentialCreator,
} from '../security/credential-issuing.js';
import { NO_PROJECTS, assertOwnerHoldsProjects, changedProjects, projectChoices } from '../security/project-limits.js';
import type { CredentialClient } from '../store/credential-clients.js';
import type {
  AuthTokenRepository,
  OAuth2Client,
  OAuth2ClientRepository,
  OAuth2Scope,
  ProjectRepository,
  User,
  UserRepository,
} from '../store/store.js';
import { assertHeld, claimOf, refuseTaken, type AudienceActor } from './audience-ownership.js';
import { assertOwnScopesKnown, effectiveScopes, fullyQualifiedScope, ownScopeNames } from './scopes.js';

/**
 * A user's OAuth 2.0 client credentials as they stand: what the console reads of them (with open grace windows), the
 * policy its dialogs show, and changes to their settings and state. What concerns a client's secret — issuing,
 * resetting, its grace window and delivery — is OAuth2ClientService's (service.ts).
 */
export class OAuth2ClientRecords {
  constructor(
    protected readonly clients: OAuth2ClientRepository,
    protected readonly users: UserRepository,
    protected readonly policies: PolicySource,
    protected readonly audit: AuditService,
    /** To find when an auth token that creates a client expires (F-1). */
    protected readonly authTokens?: Pick<AuthTokenRepository, 'get'>,
    /** Grace windows of previous secrets (issue 20); without it a reset never keeps the old secret. */
    protected readonly grace?: GraceWindowService,
    /** The owners' projects (issue 21): a client is limited only to projects its owner holds a role in. */
    protected readonly projects: Pick<ProjectRepository, 'projectsOf'> = NO_PROJECTS,
  ) {}

  /** What a new client of this owner may be limited to (issue 21), as the Generate dialog offers it. */
  projectChoices(ctx: AuditContext, owner: User): Promise<{ id: string; name: string }[]> {
    return projectChoices(this.projects, ctx, owner.id);
  }

  /** When the creating credential expires (ms), if it does. */
  protected creatorExpiry(ctx: AuditContext): Promise<number | undefined> {
    return this.authTokens ? creatorExpiry(ctx, this.authTokens) : Promise.resolve(ctx.credential?.expiresAt);
  }

  policy() {
    const p = this.policies.current();
    return { maxPerUser: p.maxTokensPerUser, maxLifetimeDays: p.maxLifetimeDays, enabled: p.oauth2ClientCredentials };
  }

  owner(userId: string): Promise<User> {
    return credentialOwner(this.users, userId);
  }

  /** Who created each of these credentials, looked up once for the list (not on any verification path). */
  creators(list: readonly OAuth2Client[]): Promise<Map<string, CredentialCreator>> {
    return credentialCreators(this.users, list);
  }

  /** Omitted or null → as long as the policy allows (never, unless it limits or requires expiry); a date: within it. */
  resolveExpiry(requested: string | null | undefined, now: number): string | null {
    return clientExpiry(this.policies.current(), requested, now);
  }

  async list(userId: string): Promise<OAuth2Client[]> {
    return this.withGrace(await this.clients.list(userId));
  }

  async get(userId: string, clientId: string): Promise<OAuth2Client> {
    const c = await this.clients.get(userId, clientId);
    if (!c) throw new NotFound('No such OAuth 2.0 client credential.');
    return (await this.withGrace([c]))[0]!;
  }

  /** The clients with their previous secrets' open grace windows (issue 20). */
  protected withGrace(list: OAuth2Client[]): Promise<OAuth2Client[]> | OAuth2Client[] {
    return this.grace ? this.grace.attach('oauth2_client', list) : list;
  }

  /** The client's recent clients (issue 20) last seen since `since`; NotFound as `get`. */
  async recentClients(userId: string, clientId: string, since: string): Promise<CredentialClient[]> {
    await this.get(userId, clientId);
    return this.clients.clients(clientId, since);
  }

  /**
   * Name, description, scopes, networks. Tessera scopes and networks may narrow from any credential; widening them
   * takes a browser session, and never beyond the requesting credential's own (security/credential-issuing.ts).
   */
  async update(
    ctx: AuditContext,
    owner: User,
    clientId: string,
    patch: {
      name?: string | undefined;
      description?: string | undefined;
      scopes?: OAuth2Scope[] | undefined;
      allowedNetworks?: string[] | undefined;
      /** Project ids; null: every project (a session only, when it widens). */
      projects?: string[] | null | undefined;
    },
    by: AudienceActor,
  ): Promise<OAuth2Client> {
    const userId = owner.id;
    let networks: string[] | undefined;
    let projects: string[] | null | undefined;
    if (patch.scopes !== undefined || patch.allowedNetworks !== undefined || patch.projects !== undefined) {
      const current = await this.get(userId, clientId);
      if (patch.scopes !== undefined) {
        assertOwnScopesKnown(patch.scopes, by.ownAudience);
        const issuer = by.ownAudience;
        const before = ownScopeNames(effectiveScopes(current.scopes, issuer, owner.role), issuer);
        const after = ownScopeNames(patch.scopes, issuer);
        // Unchanged Tessera scopes (a rename sent with the whole form) mint nothing new: no check.
        if (before.join(' ') !== after.join(' ')) {
          changedScopes(ctx, owner, before, after);
          assertGainedScopesAllowed(this.policies.current(), before, after, owner.role);
        }
        assertHeld(patch.scopes, by);
      }
      if (patch.allowedNetworks !== undefined)
        networks = changedNetworks(ctx, current.allowedNetworks, patch.allowedNetworks);
      if (patch.projects !== undefined) {
        const was = current.projects && current.projects.map((p) => p.id);
        projects = changedProjects(ctx, was, patch.projects);
        await assertOwnerHoldsProjects(this.projects, owner, projects, was ?? []);
      }
    }
    const at = new Date().toISOString();
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.update',
      targetUserId: userId,
      tokenId: clientId,
      details: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.scopes !== undefined ? { scopes: patch.scopes.map(fullyQualifiedScope) } : {}),
        ...(networks !== undefined ? { allowedNetworks: networks } : {}),
        ...(projects !== undefined ? { projects } : {}),
      },
    });
    const c = await this.clients.update(
      userId,
      clientId,
      {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.scopes !== undefined ? { scopes: patch.scopes } : {}),
        ...(networks !== undefined ? { allowedNetworks: networks } : {}),
        ...(projects !== undefined ? { projects } : {}),
        updatedAt: at,
      },
      event,
      patch.scopes !== undefined ? claimOf(patch.scopes, by, at) : undefined,
    );
    if (c && 'audienceTaken' in c) refuseTaken(c);
    if (!c) throw new NotFound('No such OAuth 2.0 client credential.');
    this.audit.logged(event);
    return (await this.withGrace([c]))[0]!;
  }

  /**
   * Suspends or resumes a client (issue 18): while suspended its token requests are refused and its access tokens
   * with them, at once; its secret and settings stay. Idempotent: asking for the state it is in changes and audits
   * nothing.
   */
  async setSuspended(
    ctx: AuditContext,
    owner: User,
    clientId: string,
    suspend: boolean,
    ownAudience: string,
  ): Promise<OAuth2Client> {
    const userId = owner.id;
    const current = await this.get(userId, clientId);
    if ((current.suspendedAt !== null) === suspend) return current;
    // Turning a client back on hands its power out again: only to a credential at least as broad.
    if (!suspend) assertWithinRequester(ctx, this.powersOf(current, owner, ownAudience), 'client');
    const event = this.audit.event(ctx, {
      action: suspend ? 'oauth2_client.suspend' : 'oauth2_client.resume',
      targetUserId: userId,
      tokenId: clientId,
      details: { name: current.name, hint: current.secretHint },
    });
    const c = await this.clients.setSuspended(userId, clientId, suspend ? new Date().toISOString() : null, event);
    if (!c) throw new NotFound('No such OAuth 2.0 client credential.');
    this.audit.logged(event);
    return (await this.withGrace([c]))[0]!;
  }

  /** What a client may do at Tessera's API and from where: its Tessera scopes (old free-form ones mapped) and networks. */
  protected powersOf(c: OAuth2Client, owner: User, ownAudience: string) {
    return {
      scopes: ownScopeNames(effectiveScopes(c.scopes, ownAudience, owner.role), ownAudience),
      allowedNetworks: c.allowedNetworks,
      projects: c.projects,
    };
  }

  async delete(ctx: AuditContext, userId: string, clientId: string): Promise<void> {
    // The row names what was deleted, so the log still says which credential it was once it is gone.
    const c = await this.get(userId, clientId);
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.delete',
      targetUserId: userId,
      tokenId: clientId,
      details: { name: c.name, description: c.description, hint: c.secretHint },
    });
    if (!(await this.clients.delete(userId, clientId, event)))
      throw new NotFound('No such OAuth 2.0 client credential.');
    this.audit.logged(event);
  }
}
