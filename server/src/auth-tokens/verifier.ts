import type { Request } from 'express';
import { anonymousContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { TOKEN_PREFIX, digestToken, isWellFormedToken, tokenHint } from '../lib/token-format.js';
import { credentialRefusal } from '../security/credential-usability.js';
import type { AuthTokenRepository, TokenCredential } from '../store/store.js';
import type { LastUseRecorder } from './last-use.js';

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
    const reason = credentialRefusal(cred.expiresAt, cred.user, ms);
    if (reason) {
      return audit
        .record(anonymousContext(ip, req.headers['user-agent']), {
          action: 'auth_token.use',
          outcome: 'failure',
          targetUserId: cred.user.id,
          tokenId: cred.tokenId,
          actor: { id: null, username: null },
          details: { reason },
        })
        .then(() => undefined);
    }
    lastUse.record(cred.tokenId, ip, ms);
    const { id, username, displayName, role } = cred.user;
    return {
      user: { id, username, displayName, role },
      authenticatedBy: 'auth-token',
      via: 'bearer',
      tokenId: cred.tokenId,
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
