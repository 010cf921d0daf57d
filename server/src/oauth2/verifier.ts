import type { Request } from 'express';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { looksLikeJwt, type AccessTokens } from './access-tokens.js';
import { issuerOf } from './issuer.js';
import { isOwnAudience } from './scopes.js';
import { ownScopeMask } from '../scopes/oauth.js';

/**
 * Accepts OAuth 2.0 access tokens at Tessera's own API. Only tokens with Tessera itself (the issuer URL) among
 * their audiences: a token minted for another resource server must not be replayable here with the owner's rights.
 */
export function accessTokenVerifier(accessTokens: AccessTokens, origin: PublicOrigin): TokenVerifier {
  return {
    accepts: looksLikeJwt,
    async verify(raw: string, req: Request): Promise<Principal | undefined> {
      const issuer = issuerOf(origin, req);
      const verified = await accessTokens.verify(raw, issuer);
      if (!verified) return undefined;
      const aud = verified.claims.aud;
      if (!(Array.isArray(aud) ? aud : [aud]).some((a) => isOwnAudience(a, issuer))) return undefined;
      const { id, username, displayName, role } = verified.credential.user;
      const clientExpiry = verified.credential.client.expiresAt;
      const expiresAt = verified.claims.exp * 1000;
      return {
        user: { id, username, displayName, role },
        authenticatedBy: 'oauth2',
        via: 'bearer',
        tokenId: verified.credential.client.id,
        // Tessera's scopes it was issued for its own audience (`<issuer>/tokens:read` …).
        scopes: ownScopeMask(verified.claims.scope, issuer),
        // What it mints lives no longer than the token, nor than the client it was issued to.
        expiresAt: clientExpiry === null ? expiresAt : Math.min(expiresAt, Date.parse(clientExpiry)),
        audiences: Array.isArray(aud) ? aud : [aud],
      };
    },
  };
}
