import { Conflict, NotFound } from '../http/errors.js';
import type { CredentialClient } from '../store/credential-clients.js';
import {
  assertClientAllowed,
  assertGainedScopesAllowed,
  clientExpiry,
  limitReached,
  regeneratedExpiry,
} from '../policy/credential-rules.js';
import type { PolicySource } from '../policy/policy.js';
import { newId } from '../lib/ids.js';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import {
  assertMayHoldCredentials,
  credentialCreators,
  type CredentialCreator,
  boundedByCreator,
  assertWithinRequester,
  changedNetworks,
  changedScopes,
  issuedNetworks,
  issuedScopes,
  credentialOwner,
  creatorExpiry,
} from '../security/credential-issuing.js';
import {
  NO_PROJECTS,
  assertOwnerHoldsProjects,
  changedProjects,
  issuedProjects,
  projectChoices,
} from '../security/project-limits.js';
import type {
  AuthTokenRepository,
  OAuth2Client,
  OAuth2ClientRepository,
  OAuth2Scope,
  ProjectRepository,
  User,
  UserRepository,
} from '../store/store.js';
import { GraceWindowService } from '../grace-windows/service.js';
import { clientSecretHint, digestClientSecret, generateClientSecret } from './client-secret.js';
import { assertHeld, claimOf, refuseTaken, type AudienceActor } from './audience-ownership.js';
import { assertOwnScopesKnown, effectiveScopes, fullyQualifiedScope, ownScopeNames } from './scopes.js';

export type { AudienceActor } from './audience-ownership.js';

/** OAuth 2.0 client credentials of a user: the same per-user limit and lifetime policy as auth tokens. */
export class OAuth2ClientService {
  constructor(
    private readonly clients: OAuth2ClientRepository,
    private readonly users: UserRepository,
    private readonly policies: PolicySource,
    private readonly audit: AuditService,
    /** To find when an auth token that creates a client expires (F-1). */
    private readonly authTokens?: Pick<AuthTokenRepository, 'get'>,
    /** Grace windows of previous secrets (issue 20); without it a reset never keeps the old secret. */
    private readonly grace?: GraceWindowService,
    /** The owners' projects (issue 21): a client is limited only to projects its owner holds a role in. */
    private readonly projects: Pick<ProjectRepository, 'projectsOf'> = NO_PROJECTS,
  ) {}

  /** What a new client of this owner may be limited to (issue 21), as the Generate dialog offers it. */
  projectChoices(ctx: AuditContext, owner: User): Promise<{ id: string; name: string }[]> {
    return projectChoices(this.projects, ctx, owner.id);
  }

  /** When the creating credential expires (ms), if it does. */
  private creatorExpiry(ctx: AuditContext): Promise<number | undefined> {
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
  private withGrace(list: OAuth2Client[]): Promise<OAuth2Client[]> | OAuth2Client[] {
    return this.grace ? this.grace.attach('oauth2_client', list) : list;
  }

  /** End grace now (issue 20): the previous secret is refused from the next request on; 404 without a window. */
  async endGrace(ctx: AuditContext, owner: User, clientId: string): Promise<void> {
    const c = await this.get(owner.id, clientId);
    if (!this.grace || !c.grace) throw new NotFound('The client’s previous secret has no open grace window.');
    await this.grace.end(ctx, 'oauth2_client', c, {
      name: c.name,
      hint: c.secretHint,
      oldSecretHint: c.grace.oldSecretHint,
    });
  }

  /** The client's recent clients (issue 20) last seen since `since`; NotFound as `get`. */
  async recentClients(userId: string, clientId: string, since: string): Promise<CredentialClient[]> {
    await this.get(userId, clientId);
    return this.clients.clients(clientId, since);
  }

  /** Every change below commits its audit row in its own transaction. */
  async create(
    ctx: AuditContext,
    owner: User,
    input: {
      name: string;
      description: string;
      scopes: OAuth2Scope[];
      expiresAt?: string | null | undefined;
      allowedNetworks?: string[] | undefined;
      /** Project ids (null: every project); omitted: the creating credential's own. */
      projects?: string[] | null | undefined;
    },
    by: AudienceActor,
  ): Promise<{ client: OAuth2Client; secret: string }> {
    assertMayHoldCredentials(owner, 'API credentials');
    assertOwnScopesKnown(input.scopes, by.ownAudience);
    const own = ownScopeNames(input.scopes, by.ownAudience);
    const p = this.policies.current();
    assertClientAllowed(p, own, owner.role); // turned off: 409; Tessera scopes outside the policy: 422
    // Never broader than the requesting credential (issue 18): its Tessera scopes, the owner's role, its networks.
    if (own.length > 0) issuedScopes(ctx, owner, own);
    const networks = issuedNetworks(ctx, input.allowedNetworks);
    const projects = issuedProjects(ctx, input.projects);
    if (input.projects !== undefined) await assertOwnerHoldsProjects(this.projects, owner, projects);
    assertHeld(input.scopes, by);
    const now = Date.now();
    const byPolicy = clientExpiry(p, input.expiresAt, now);
    // Never longer than the credential that asks for it (F-1).
    const expiresAt = boundedByCreator(byPolicy, await this.creatorExpiry(ctx));
    const secret = generateClientSecret();
    const id = newId();
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.create',
      targetUserId: owner.id,
      tokenId: id,
      details: {
        name: input.name,
        description: input.description,
        hint: clientSecretHint(secret),
        scopes: input.scopes.map(fullyQualifiedScope),
        expiresAt,
        ...(expiresAt !== byPolicy ? { expiryBoundByCreator: true } : {}),
        ...(networks ? { allowedNetworks: networks } : {}),
        ...(projects ? { projects } : {}),
      },
    });
    const result = await this.clients.create(
      {
        id,
        userId: owner.id,
        name: input.name,
        description: input.description,
        scopes: input.scopes,
        secretDigest: digestClientSecret(secret),
        secretHint: clientSecretHint(secret),
        createdAt: new Date(now).toISOString(),
        createdBy: ctx.actor?.id ?? null,
        expiresAt,
        allowedNetworks: networks,
        projects,
      },
      p.maxTokensPerUser,
      event,
      claimOf(input.scopes, by, new Date(now).toISOString()),
    );
    if (typeof result === 'object' && 'audienceTaken' in result) refuseTaken(result);
    if (result === 'limit_reached') throw limitReached(owner, p, 'OAuth 2.0 client credentials', 'oauth2_client');
    this.audit.logged(event);
    return { client: result, secret };
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
  private powersOf(c: OAuth2Client, owner: User, ownAudience: string) {
    return {
      scopes: ownScopeNames(effectiveScopes(c.scopes, ownAudience, owner.role), ownAudience),
      allowedNetworks: c.allowedNetworks,
      projects: c.projects,
    };
  }

  /**
   * A new secret; the old one and every access token obtained with it stop working in the same write — unless
   * `graceSeconds` (at most a day) keeps the old secret working that long (issue 20): it may then still obtain access
   * tokens, while those it obtained before the reset die with it. Only the latest previous secret is kept.
   */
  async resetSecret(
    ctx: AuditContext,
    owner: User,
    clientId: string,
    ownAudience: string,
    graceSeconds = 0,
  ): Promise<{ client: OAuth2Client; secret: string }> {
    assertMayHoldCredentials(owner, 'API credentials');
    const current = await this.get(owner.id, clientId);
    // The new secret is the client's whole power: a narrower credential must not obtain a broader one this way.
    assertWithinRequester(ctx, this.powersOf(current, owner, ownAudience), 'client');
    const now = Date.now();
    // A new secret is a new credential, under today's policy as an auth token's regenerate is: the same lifetime
    // length from now, capped by the maximum; a never-expiring one gets the longest allowed. An expired client stays
    // expired (a reset does not bring it back).
    const expired = current.expiresAt !== null && Date.parse(current.expiresAt) <= now;
    const byPolicy = expired
      ? current.expiresAt
      : regeneratedExpiry(
          this.policies.current(),
          { expiresAt: current.expiresAt, createdAt: current.createdAt, regeneratedAt: current.secretResetAt },
          now,
        );
    // And never longer-lived than the credential that asks for it (F-1).
    const bounded = boundedByCreator(byPolicy, await this.creatorExpiry(ctx));
    const expiresAt = bounded !== current.expiresAt ? bounded : undefined;
    const secret = generateClientSecret();
    const graceUntil = this.grace ? GraceWindowService.until(graceSeconds, now) : null;
    const details = {
      ...(expiresAt !== undefined
        ? { expiresAt, ...(bounded !== byPolicy ? { expiryBoundByCreator: true } : {}) }
        : {}),
      ...(graceUntil ? { graceSeconds, graceUntil, oldSecretHint: current.secretHint } : {}),
    };
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.reset_secret',
      targetUserId: owner.id,
      tokenId: clientId,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
    const next = {
      secretDigest: digestClientSecret(secret),
      secretHint: clientSecretHint(secret),
      at: new Date(now).toISOString(),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      graceUntil,
      issuedBy: ctx.actor?.id ?? null,
    };
    const client = await this.clients.resetSecret(owner.id, clientId, next, event);
    if (!client) throw new NotFound('No such OAuth 2.0 client credential.');
    this.audit.logged(event);
    const grace = graceUntil ? GraceWindowService.opened(current.secretHint, next.at, graceUntil) : null;
    return { client: { ...client, grace }, secret };
  }

  /**
   * Records that the client's current secret, named by its hint, reached its owner (issue 20, point 6): as
   * AuthTokenService.confirmDelivery, the console's word after a comparison in the browser, the first one kept.
   */
  async confirmDelivery(ctx: AuditContext, owner: User, clientId: string, hint: string): Promise<OAuth2Client> {
    const before = await this.get(owner.id, clientId);
    if (before.secretHint !== hint) throw secretChanged();
    if (before.delivery.deliveredAt !== null) return before;
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.confirm_delivery',
      targetUserId: owner.id,
      tokenId: clientId,
      details: { name: before.name, hint },
    });
    const at = new Date().toISOString();
    const c = await this.clients.markDelivered(owner.id, clientId, { hint, at, by: ctx.actor?.id ?? null }, event);
    if (!c) throw new NotFound('No such OAuth 2.0 client credential.');
    if (c === 'changed') throw secretChanged();
    if (c.delivery.deliveredAt === at) this.audit.logged(event);
    return c;
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

/** A delivery confirmed for a secret the client no longer has. */
const secretChanged = () =>
  new Conflict(
    'The client secret has been reset since that secret was shown; the new secret is the one to deliver.',
    'secret_changed',
  );
