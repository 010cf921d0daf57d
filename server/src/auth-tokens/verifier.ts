import type { Request } from 'express';
import type { AuditService } from '../audit/service.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { TOKEN_PREFIX, digestToken, isWellFormedToken, tokenHint } from '../lib/token-format.js';
import type { Store } from '../store/store.js';
import type { LastUseRecorder } from './last-use.js';

/** Verifies `tsr_` auth tokens: checksum offline, then one digest lookup; last use kept in memory. */
export function authTokenVerifier(store: Store, lastUse: LastUseRecorder, audit: AuditService): TokenVerifier {
  return {
    accepts: (raw) => raw.startsWith(TOKEN_PREFIX),
    async verify(raw: string, req: Request): Promise<Principal | undefined> {
      if (!isWellFormedToken(raw)) return undefined;
      const cred = await store.findTokenCredential(digestToken(raw));
      if (!cred) {
        // A valid checksum means a real (deleted, regenerated or foreign) token, not noise: worth an audit line,
        // summarised per address when it repeats (see AuditService.recordUnknownToken).
        await audit.recordUnknownToken(req, tokenHint(raw));
        return undefined;
      }
      const now = new Date().toISOString();
      const refusal =
        cred.expiresAt !== null && cred.expiresAt <= now
          ? 'expired'
          : cred.user.disabled
            ? 'user_disabled'
            : !cred.user.apiTokensEnabled
              ? 'api_tokens_disabled'
              : undefined;
      if (refusal) {
        await audit.record(req, {
          action: 'auth_token.use',
          outcome: 'failure',
          targetUserId: cred.user.id,
          tokenId: cred.tokenId,
          actor: { id: null, username: null },
          details: { reason: refusal },
        });
        return undefined;
      }
      lastUse.record(cred.tokenId, req.ip ?? null, now);
      const { id, username, displayName, role } = cred.user;
      return {
        user: { id, username, displayName, role },
        authenticatedBy: 'auth-token',
        via: 'bearer',
        tokenId: cred.tokenId,
      };
    },
  };
}
