import { Conflict, NotFound } from '../http/errors.js';
import { assertClientAllowed, clientExpiry, limitReached, regeneratedExpiry } from '../policy/credential-rules.js';
import { newId } from '../lib/ids.js';
import type { AuditContext } from '../audit/context.js';
import {
  assertMayHoldCredentials,
  boundedByCreator,
  assertWithinRequester,
  issuedNetworks,
  issuedScopes,
} from '../security/credential-issuing.js';
import { assertOwnerHoldsProjects, issuedProjects } from '../security/project-limits.js';
import type { OAuth2Client, OAuth2Scope, User } from '../store/store.js';
import { GraceWindowService } from '../grace-windows/service.js';
import { clientSecretHint, digestClientSecret, generateClientSecret } from './client-secret.js';
import { assertHeld, claimOf, refuseTaken, type AudienceActor } from './audience-ownership.js';
import { OAuth2ClientRecords } from './client-records.js';
import { assertOwnScopesKnown, fullyQualifiedScope, ownScopeNames } from './scopes.js';

export type { AudienceActor } from './audience-ownership.js';

/**
 * OAuth 2.0 client credentials of a user: the same per-user limit and lifetime policy as auth tokens. What
 * OAuth2ClientRecords reads and changes, and their secrets (issued, reset, grace, delivery).
 */
export class OAuth2ClientService extends OAuth2ClientRecords {
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
}

/** A delivery confirmed for a secret the client no longer has. */
const secretChanged = () =>
  new Conflict(
    'The client secret has been reset since that secret was shown; the new secret is the one to deliver.',
    'secret_changed',
  );
