import type { Request } from 'express';
import type { AuditService } from '../audit/service.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { TOKEN_PREFIX, digestToken, isWellFormedToken, tokenHint } from '../lib/token-format.js';
import type { Store, TokenCredential } from '../store/store.js';
import type { LastUseRecorder } from './last-use.js';

/** Verifies `tsr_` auth tokens: checksum offline, then one digest lookup; last use kept in memory. */
export function authTokenVerifier(store: Store, lastUse: LastUseRecorder, audit: AuditService): TokenVerifier {
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
    if (!cred) return audit.recordUnknownToken(req, tokenHint(raw), ip ?? '')?.then(() => undefined);
    const ms = Date.now();
    const reason = refusal(cred, ms);
    if (reason) {
      return audit
        .record(req, {
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
      const digest = digestToken(raw);
      // The embedded store answers synchronously: no promise and no microtask on the path every API call takes.
      if (store.findTokenCredentialNow) return judge(req, raw, ip, store.findTokenCredentialNow(digest));
      return store.findTokenCredential(digest).then((cred) => judge(req, raw, ip, cred));
    },
  };
}

/** Why a credential that exists is refused at nowMs, or undefined when it may be used. */
function refusal(cred: TokenCredential, nowMs: number): string | undefined {
  // Parsed here rather than compared as text with the time now: no Date and no string made per verification.
  if (cred.expiresAt !== null && Date.parse(cred.expiresAt) <= nowMs) return 'expired';
  if (cred.user.disabled) return 'user_disabled';
  if (!cred.user.apiTokensEnabled) return 'api_tokens_disabled';
  return undefined;
}
