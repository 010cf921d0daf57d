import type { Request } from 'express';
import { anonymousContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { TOKEN_PREFIX, digestToken, isWellFormedToken, tokenHint } from '../lib/token-format.js';
import { NetworkNotAllowed } from '../errors.js';
import { credentialRefusal, useRefusal, type CredentialRefusal } from '../security/credential-usability.js';
import type { AuthTokenRepository, TokenCredential } from '../store/store.js';
import type { LastUseRecorder } from './last-use.js';

// One shared refusal: a use from outside the allow-list says so, and nothing about the allowed networks.
const NETWORK_REFUSAL = new NetworkNotAllowed();

/** Verifies `tsr_` auth tokens: checksum offline, then one digest lookup; last use kept in memory. */
export function authTokenVerifier(
  tokens: AuthTokenRepository,
  lastUse: LastUseRecorder,
  audit: AuditService,
): TokenVerifier {
  /**
   * One decision for what the lookup found: the principal for a usable token (its use kept in memory), else the
   * refusal audited. A promise only when there is an audit write to wait for (a repeated unknown token has none).
   */
  function judge(
    req: Request,
    raw: string,
    ip: string | null,
    cred: TokenCredential | undefined,
  ): Principal | undefined | Promise<undefined> {
    // A valid checksum means a real (deleted, regenerated or foreign) token, not noise: worth an audit line,
    // summarised per address when it repeats (see AuditService.recordUnknownToken).
    if (!cred)
      return audit.recordUnknownToken(tokenHint(raw), ip ?? '', req.headers['user-agent'])?.then(() => undefined);
    const ms = Date.now();
    // Revoked (issue 19) first: an administrator's or the inactivity job's decision is the news, not the expiry.
    const reason: CredentialRefusal | undefined = cred.revoked
      ? 'revoked'
      : (credentialRefusal(cred.expiresAt, cred.user, ms) ?? useRefusal(cred, ip));
    if (reason) {
      // The audit line keeps the address (anonymousContext): for a use from outside the allow-list, that is the news.
      const written = audit.record(anonymousContext(ip, req.headers['user-agent']), {
        action: 'auth_token.use',
        outcome: 'failure',
        targetUserId: cred.user.id,
        tokenId: cred.tokenId,
        actor: { id: null, username: null },
        details: { reason },
      });
      return reason === 'network_not_allowed'
        ? written.then(() => {
            throw NETWORK_REFUSAL;
          })
        : written.then(() => undefined);
    }
    lastUse.record(cred.tokenId, ip, ms, req.headers['user-agent']);
    const { id, username, displayName, role } = cred.user;
    return {
      user: { id, username, displayName, role },
      authenticatedBy: 'auth-token',
      via: 'bearer',
      tokenId: cred.tokenId,
      scopes: cred.scopes,
      fullAccess: cred.fullAccess,
      networks: cred.networks?.list,
    };
  }

  return {
    accepts: (raw) => raw.startsWith(TOKEN_PREFIX),
    verify(raw: string, req: Request, ip: string | null) {
      if (!isWellFormedToken(raw)) return undefined;
      // The embedded store answers synchronously: no promise and no microtask on this path (ADR 0004 §3).
      const found = tokens.findCredential(digestToken(raw));
      if (found instanceof Promise) return found.then((cred) => judge(req, raw, ip, cred));
      return judge(req, raw, ip, found);
    },
  };
}
