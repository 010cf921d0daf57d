import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { NotFound } from '../http/errors.js';
import type { Job } from '../jobs/runner.js';
import type { GraceKind, GraceWindow, GraceWindowRepository } from '../store/store.js';
import type { OldSecretUseRecorder } from './old-secret-uses.js';

/** The longest grace window a regenerate or a secret reset may ask for: one day. */
export const MAX_GRACE_SECONDS = 86_400;

/**
 * Grace windows (issue 20, point 3) as the auth-token and OAuth-client services use them: when a window asked for
 * ends, what lists and reads show of open windows (with uses not yet flushed on this replica), and End grace now.
 */
export class GraceWindowService {
  constructor(
    private readonly windows: GraceWindowRepository,
    private readonly uses: OldSecretUseRecorder,
    private readonly audit: AuditService,
  ) {}

  /** The window's end for `graceSeconds` from `nowMs`; null for none (0: the old secret dies at once). */
  static until(graceSeconds: number, nowMs: number): string | null {
    return graceSeconds > 0 ? new Date(nowMs + graceSeconds * 1000).toISOString() : null;
  }

  /** A window just opened, as the regenerate's answer shows it. */
  static opened(oldSecretHint: string, startedAt: string, until: string): GraceWindow {
    return {
      startedAt,
      until,
      oldSecretHint,
      oldSecretLastUsedAt: null,
      oldSecretLastUsedIp: null,
      oldSecretUserAgent: null,
      oldSecretUseCount: 0,
    };
  }

  /** Deletes ended windows every ten minutes (an ended one is refused anyway: the verifier compares its end). */
  purgeJob(intervalMs = 600_000): Job {
    return {
      name: 'grace_windows.purge',
      intervalMs,
      run: async ({ now }) => {
        await this.windows.purgeEnded(now.toISOString());
      },
    };
  }

  /** The credentials with their open windows (one query for the list), uses not yet flushed here included. */
  async attach<T extends { id: string; grace?: GraceWindow | null }>(kind: GraceKind, list: T[]): Promise<T[]> {
    if (list.length === 0) return list;
    const open = await this.windows.open(
      kind,
      list.map((c) => c.id),
      new Date().toISOString(),
    );
    return list.map((c) => ({ ...c, grace: this.withPending(kind, c.id, open.get(c.id)) }));
  }

  private withPending(kind: GraceKind, id: string, w: GraceWindow | undefined): GraceWindow | null {
    if (!w) return null;
    const p = this.uses.peek(kind, id, w.startedAt);
    if (!p) return w;
    const newer = w.oldSecretLastUsedAt === null || p.at > w.oldSecretLastUsedAt;
    return {
      ...w,
      oldSecretUseCount: w.oldSecretUseCount + p.count,
      ...(newer ? { oldSecretLastUsedAt: p.at, oldSecretLastUsedIp: p.ip, oldSecretUserAgent: p.userAgent } : {}),
    };
  }

  /**
   * End grace now: the previous secret is refused from the next request on, on every replica (PostgreSQL reads the
   * table per request; on SQLite the generation moves). 404 when the credential has no open window.
   */
  async end(
    ctx: AuditContext,
    kind: GraceKind,
    credential: { id: string; userId: string },
    details: Record<string, unknown>,
  ): Promise<void> {
    const event = this.audit.event(ctx, {
      action: kind === 'auth_token' ? 'auth_token.end_grace' : 'oauth2_client.end_grace',
      targetUserId: credential.userId,
      tokenId: credential.id,
      details,
    });
    if (!(await this.windows.end(kind, credential.id, new Date().toISOString(), event)))
      throw new NotFound('The previous secret has no open grace window.');
    this.audit.logged(event);
  }

  /**
   * A leak report of a previous secret (issue 20, point 5): its window ends at once, as the owner's End grace now
   * would, audited with `leakReport` so the owner is notified of a leak. False when it had no open window.
   */
  async endForLeak(
    ctx: AuditContext,
    kind: GraceKind,
    digest: string,
    describe: (credentialId: string) => Promise<{ userId: string; details: Record<string, unknown> } | undefined>,
    source: string | undefined,
  ): Promise<boolean> {
    const found = await this.windows.findByDigest(kind, digest);
    if (!found || Date.parse(found.until) <= Date.now()) return false;
    const credential = await describe(found.credentialId);
    if (!credential) return false;
    const event = this.audit.event(ctx, {
      action: kind === 'auth_token' ? 'auth_token.end_grace' : 'oauth2_client.end_grace',
      targetUserId: credential.userId,
      tokenId: found.credentialId,
      details: { ...credential.details, leakReport: true, ...(source ? { source } : {}) },
    });
    if (!(await this.windows.end(kind, found.credentialId, new Date().toISOString(), event))) return false;
    this.audit.logged(event);
    return true;
  }
}
