import type { AuditContext } from '../audit/context.js';
import { newNetworkEvents } from '../audit/new-network.js';
import type { AuditService } from '../audit/service.js';
import type { AuthTokenService } from '../auth-tokens/service.js';
import { NotFound } from '../http/errors.js';
import type { KeystoneService } from '../keystone/service.js';
import { KEYSTONE_TOKEN_PREFIX, digestToken, isWellFormedToken } from '../lib/token-format.js';
import { credentialRefusal } from '../security/credential-usability.js';
import type {
  AuthTokenRepository,
  KeystoneCredential,
  NewNetworkEventOf,
  OAuth2ClientCredential,
  OAuth2ClientRepository,
  OAuth2Scope,
} from '../store/store.js';
import { accessTokenProjects, type AccessTokenClaims, type AccessTokens } from './access-tokens.js';
import { OAuthError } from './oauth-errors.js';
import { roleScopes, scopeNames } from '../scopes/vocabulary.js';
import { effectiveScopes, fullyQualifiedScope, isOwnAudience } from './scopes.js';

/** A live token found by introspection or revocation: every kind Tessera issues. */
export type FoundToken =
  | {
      kind: 'access_token';
      claims: AccessTokenClaims;
      userId: string;
      username: string;
      /** The projects it is limited to (issue 21); undefined: every project. */
      projects: readonly string[] | undefined;
    }
  | {
      kind: 'auth_token';
      tokenId: string;
      userId: string;
      username: string;
      expiresAt: string | null;
      projects: readonly string[] | undefined;
    }
  | { kind: 'keystone_token'; token: KeystoneCredential; userId: string; username: string };

/** The /oauth2/v1 token endpoints' work: the client-credentials grant, finding a token, revoking it. */
export class OAuth2TokenService {
  private readonly newNetworkEvent: NewNetworkEventOf;

  constructor(
    private readonly clients: Pick<OAuth2ClientRepository, 'recordUse'>,
    private readonly authTokenLookup: Pick<AuthTokenRepository, 'findCredential'>,
    private readonly authTokens: AuthTokenService,
    private readonly accessTokens: AccessTokens,
    private readonly audit: AuditService,
    /** Keystone tokens (`tsk_`), when the feature is on. */
    private readonly keystone?: Pick<KeystoneService, 'find' | 'revoke'>,
  ) {
    this.newNetworkEvent = newNetworkEvents(audit, 'oauth2_client');
  }

  /**
   * RFC 6749 §4.4: an access token for the requested scopes. With no `scope`, every scope of the client except
   * Tessera's own audience (the issuer), which is granted only when asked for by name (F-5): a token meant for another
   * resource server must not be replayable at Tessera. A client holding only Tessera's audience must name it
   * (`invalid_scope` otherwise, as RFC 6749 §3.3 allows for a request without a usable default).
   */
  async grant(ctx: AuditContext, issuer: string, credential: OAuth2ClientCredential, scopeParam: string | undefined) {
    // A pair saved before issue 18 with a free-form scope for Tessera counts as the owner's role (oauth2/scopes.ts).
    const stored = credential.client.scopes;
    const owned = effectiveScopes(stored, issuer, credential.user.role);
    const asked = (scopeParam ?? '').split(' ').filter(Boolean);
    const refuse = async (description: string) => {
      await this.audit.record(ctx, {
        action: 'oauth2_client.token',
        outcome: 'failure',
        actor: { id: null, username: null },
        targetUserId: credential.user.id,
        tokenId: credential.client.id,
        details: { reason: 'invalid_scope' },
      });
      return new OAuthError(400, 'invalid_scope', description);
    };
    let granted: OAuth2Scope[];
    if (asked.length > 0) {
      const byName = new Map(owned.map((s) => [fullyQualifiedScope(s), [s]]));
      // Such an old pair asked for by its old name (`<issuer>/api`) grants what it stands for now.
      if (owned !== stored)
        for (const s of stored)
          if (!byName.has(fullyQualifiedScope(s)))
            byName.set(
              fullyQualifiedScope(s),
              scopeNames(roleScopes(credential.user.role)).map((scope) => ({ audience: s.audience, scope })),
            );
      if (asked.some((a) => !byName.has(a))) throw await refuse('The client does not have every requested scope.');
      const picked = new Map(
        [...new Set(asked)].flatMap((a) => byName.get(a)!).map((s) => [fullyQualifiedScope(s), s]),
      );
      granted = [...picked.values()];
    } else {
      granted = owned.filter((s) => !isOwnAudience(s.audience, issuer));
      if (granted.length === 0) {
        throw await refuse(
          `Tessera's own audience is granted only when asked for: send scope=${owned.map(fullyQualifiedScope).join(' ')}.`,
        );
      }
    }
    const issued = await this.accessTokens.issue(issuer, credential, granted);
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.token',
      actor: { id: credential.user.id, username: credential.user.username },
      targetUserId: credential.user.id,
      tokenId: credential.client.id,
      details: { jti: issued.jti, scope: issued.scope },
    });
    // The client's "last used", the issue's audit row and (issue 20) who called from where commit together; a
    // network new to the client is audited (and so notified) in the same write.
    const newNetworks = await this.clients.recordUse(credential.client.id, new Date().toISOString(), event, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      newNetworkEvent: this.newNetworkEvent,
    });
    this.audit.logged(event);
    for (const e of newNetworks) this.audit.logged(e);
    return issued;
  }

  /** An access token, an auth token or a Keystone token, if it is live (the one credential-usability rule). */
  async find(raw: string, issuer: string): Promise<FoundToken | undefined> {
    if (raw.startsWith(KEYSTONE_TOKEN_PREFIX)) {
      const token = await this.keystone?.find(raw);
      if (!token) return undefined;
      return { kind: 'keystone_token', token, userId: token.userId, username: token.user.username };
    }
    if (isWellFormedToken(raw)) {
      const cred = await this.authTokenLookup.findCredential(digestToken(raw));
      // A suspended (issue 18) or revoked (issue 19: until an undo) token is not live; where it is used from says
      // nothing at introspection.
      if (!cred || cred.suspended || cred.revoked || credentialRefusal(cred.expiresAt, cred.user, Date.now()))
        return undefined;
      return {
        kind: 'auth_token',
        tokenId: cred.tokenId,
        userId: cred.user.id,
        username: cred.user.username,
        expiresAt: cred.expiresAt,
        projects: cred.projects,
      };
    }
    const verified = await this.accessTokens.verify(raw, issuer);
    if (!verified) return undefined;
    return {
      kind: 'access_token',
      claims: verified.claims,
      userId: verified.credential.user.id,
      username: verified.credential.user.username,
      projects: accessTokenProjects(verified.claims, verified.credential),
    };
  }

  /** RFC 7009: an auth or Keystone token is deleted, an access token listed as revoked; each with its audit row. */
  async revoke(ctx: AuditContext, t: FoundToken): Promise<void> {
    if (t.kind === 'keystone_token') return this.keystone!.revoke(ctx, t.token);
    if (t.kind === 'auth_token') {
      try {
        await this.authTokens.delete(ctx, t.userId, t.tokenId, { via: 'oauth2_revoke' });
      } catch (err) {
        // Deleted meanwhile: revoking what is gone succeeds (RFC 7009 §2.2).
        if (!(err instanceof NotFound)) throw err;
      }
      return;
    }
    const event = this.audit.event(ctx, {
      action: 'oauth2_token.revoke',
      targetUserId: t.userId,
      tokenId: t.claims.client_id,
      details: { jti: t.claims.jti },
    });
    await this.accessTokens.revoke(t.claims, event);
    this.audit.logged(event);
  }
}
