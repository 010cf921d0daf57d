import type { Request } from 'express';
import { anonymousContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { NetworkNotAllowed } from '../errors.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { roleScopes } from '../scopes/vocabulary.js';
import { accessTokenProjects, looksLikeJwt, type AccessTokens, type VerifiedAccessToken } from './access-tokens.js';
import { issuerOf } from './issuer.js';
import { isOwnAudience } from './scopes.js';
import { ownScopeMask } from '../scopes/oauth.js';

// One shared refusal: a use from outside the client's networks says so, and nothing about the allowed networks.
const NETWORK_REFUSAL = new NetworkNotAllowed();

/**
 * Accepts OAuth 2.0 access tokens at Tessera's own API. Only tokens with Tessera itself (the issuer URL) among
 * their audiences: a token minted for another resource server must not be replayable here with the owner's rights.
 * The client's current state comes with the verification's one lookup (F-8): a suspended client's tokens are refused
 * at once, and a use from outside the client's network allow-list is refused with 401 network_not_allowed; both are
 * audited with the address.
 */
export function accessTokenVerifier(
  accessTokens: AccessTokens,
  origin: PublicOrigin,
  audit?: AuditService,
): TokenVerifier {
  async function refuse(req: Request, ip: string | null, found: VerifiedAccessToken, reason: string) {
    await audit?.record(anonymousContext(ip, req.headers['user-agent']), {
      action: 'oauth2_token.use',
      outcome: 'failure',
      actor: { id: null, username: null },
      targetUserId: found.credential.user.id,
      tokenId: found.credential.client.id,
      details: { reason, jti: found.claims.jti },
    });
  }

  return {
    kind: 'oauth_access_token',
    accepts: looksLikeJwt,
    async verify(raw: string, req: Request, ip: string | null): Promise<Principal | undefined> {
      const issuer = issuerOf(origin, req);
      const checked = await accessTokens.check(raw, issuer);
      if (!checked) return undefined;
      const aud = checked.claims.aud;
      if (!(Array.isArray(aud) ? aud : [aud]).some((a) => isOwnAudience(a, issuer))) return undefined;
      const { client, user } = checked.credential;
      if (checked.refused) {
        await refuse(req, ip, checked, checked.refused);
        return undefined;
      }
      const networks = checked.credential.networks;
      if (networks !== null && !networks.allows(ip)) {
        await refuse(req, ip, checked, 'network_not_allowed');
        throw NETWORK_REFUSAL;
      }
      const { id, username, displayName, role } = user;
      const expiresAt = checked.claims.exp * 1000;
      const projects = accessTokenProjects(checked.claims, checked.credential);
      return {
        user: { id, username, displayName, role },
        authenticatedBy: 'oauth2',
        via: 'bearer',
        tokenId: client.id,
        // Tessera's scopes it was issued for its own audience (`<issuer>/tokens:read` …), those the owner's role
        // still allows (an administrator made a user keeps no administrator scope).
        scopes: ownScopeMask(checked.claims.scope, issuer) & roleScopes(role),
        // What it mints may be used from no wider than the client's networks.
        ...(networks !== null ? { networks: networks.list } : {}),
        // It sees, and what it mints is limited to, no more projects than its claim and its client's limit now.
        ...(projects !== undefined ? { projects } : {}),
        // What it mints lives no longer than the token, nor than the client it was issued to.
        expiresAt: client.expiresAt === null ? expiresAt : Math.min(expiresAt, Date.parse(client.expiresAt)),
        audiences: Array.isArray(aud) ? aud : [aud],
      };
    },
  };
}
