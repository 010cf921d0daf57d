import type { Logger } from 'pino';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { digestToken, isWellFormedToken, TOKEN_PREFIX } from '../lib/token-format.js';
import type { AuthTokenRepository } from '../store/store.js';

/**
 * The public leak report (issue 20, point 5): whoever finds a Tessera credential in public (a scanner, a stranger)
 * posts it, and a real one stops working at once. Auth tokens (`tsr_`) are deleted as their owner's delete does — the
 * same repository write, an audit row of its own (`auth_token.leak_report`, a domain event `auth_token.deleted` with
 * `leakReport: true`), which notifies the owner. Nothing is answered per token: the caller learns nothing.
 */
export class LeakReportService {
  constructor(
    private readonly tokens: Pick<AuthTokenRepository, 'findCredential' | 'get' | 'delete'>,
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {}

  /** Revokes every string that is a checksum-valid auth token that exists; how many were (for the log only). */
  async report(ctx: AuditContext, candidates: readonly string[], source: string | undefined): Promise<number> {
    const seen = new Set<string>();
    let revoked = 0;
    for (const candidate of candidates) {
      const raw = candidate.trim();
      // The checksum is checked offline: a string that is no Tessera token costs no database lookup.
      if (seen.has(raw) || !isWellFormedToken(raw, TOKEN_PREFIX)) continue;
      seen.add(raw);
      if (await this.revokeAuthToken(ctx, raw, source)) revoked++;
    }
    // Counts only: never a token, a hint or an owner of a reported credential in the log.
    this.logger.info({ reported: candidates.length, revoked }, 'leak report');
    return revoked;
  }

  private async revokeAuthToken(ctx: AuditContext, raw: string, source: string | undefined): Promise<boolean> {
    const credential = await this.tokens.findCredential(digestToken(raw));
    if (!credential) return false;
    const userId = credential.user.id;
    const token = await this.tokens.get(userId, credential.tokenId);
    if (!token) return false;
    const event = this.audit.event(ctx, {
      action: 'auth_token.leak_report',
      targetUserId: userId,
      tokenId: token.id,
      details: {
        description: token.description,
        hint: token.hint,
        ...(token.name !== null ? { name: token.name } : {}),
        leakReport: true,
        ...(source ? { source } : {}),
      },
    });
    // Deleted by a concurrent report or by its owner in between: nothing more to do.
    if (!(await this.tokens.delete(userId, token.id, event))) return false;
    this.audit.logged(event);
    return true;
  }
}
