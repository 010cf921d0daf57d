import type { Request } from 'express';
import { anonymousContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { TOKEN_PREFIX, digestToken, isWellFormedToken, tokenHint } from '../lib/token-format.js';
import { NetworkNotAllowed } from '../errors.js';
import { credentialRefusal, useRefusal, type CredentialRefusal } from '../security/credential-usability.js';
import type { OldSecretUseRecorder } from '../grace-windows/old-secret-uses.js';
import type { AuthTokenRepository, PreviousSecretCredential, TokenCredential } from '../store/store.js';
import type { LastUseRecorder } from './last-use.js';

/** A previous secret counts only until its window ends (judged now: an ended row may not be purged yet). */
const inWindow = (cred: PreviousSecretCredential | undefined) =>
  cred && Date.parse(cred.grace.until) > Date.now() ? cred : undefined;

// One shared refusal: a use from outside the allow-list says so, and nothing about the allowed networks.
const NETWORK_REFUSAL = new NetworkNotAllowed();

/**
 * Verifies `tsr_` auth tokens: checksum offline, then one digest lookup; last use kept in memory. Only when no current
 * secret matches is the previous-secrets table read (a grace window, issue 20): the hit path reads nothing more.
 */
export function authTokenVerifier(
  tokens: AuthTokenRepository,
  lastUse: LastUseRecorder,
  audit: AuditService,
  oldSecretUses?: OldSecretUseRecorder,
): TokenVerifier {
  /**
   * One decision for what the lookup found: the principal for a usable token (its use kept in memory), else the
   * refusal audited. A promise only when there is an audit write to wait for (a repeated unknown token has none).
   */
  function judge(
    req: Request,
    raw: string,
    ip: string | null,
    cred: TokenCredential | PreviousSecretCredential | undefined,
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
    // A previous secret's use is the owner's news ("old secret still in use by …"), not the token's last use.
    if ('grace' in cred)
      oldSecretUses?.record('auth_token', cred.tokenId, cred.user.id, cred.grace, ip, req.headers['user-agent'], ms);
    else lastUse.record(cred.tokenId, ip, ms, req.headers['user-agent']);
    const { id, username, displayName, role } = cred.user;
    return {
      user: { id, username, displayName, role },
      authenticatedBy: 'auth-token',
      via: 'bearer',
      tokenId: cred.tokenId,
      scopes: cred.scopes,
      fullAccess: cred.fullAccess,
      networks: cred.networks?.list,
      projects: cred.projects,
    };
  }

  /** A digest no current secret has: a previous secret in its window, or else unknown. */
  function previous(req: Request, raw: string, ip: string | null, digest: string) {
    const found = tokens.findPreviousSecret(digest);
    if (found instanceof Promise) return found.then((cred) => judge(req, raw, ip, inWindow(cred)));
    return judge(req, raw, ip, inWindow(found));
  }

  return {
    kind: 'auth_token',
    accepts: (raw) => raw.startsWith(TOKEN_PREFIX),
    verify(raw: string, req: Request, ip: string | null) {
      if (!isWellFormedToken(raw)) return undefined;
      const digest = digestToken(raw);
      // The embedded store answers synchronously: no promise and no microtask on this path (ADR 0004 §3).
      const found = tokens.findCredential(digest);
      if (found instanceof Promise)
        return found.then((cred) => (cred ? judge(req, raw, ip, cred) : previous(req, raw, ip, digest)));
      return found ? judge(req, raw, ip, found) : previous(req, raw, ip, digest);
    },
  };
}
