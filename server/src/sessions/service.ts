import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { NotFound } from '../http/errors.js';
import type { SessionDirectory, SessionInfo } from './revocation.js';

/** A user's own browser sessions (and an administrator's view of anyone's): list, sign one out, sign out the rest. */
export class UserSessionService {
  constructor(
    private readonly directory: SessionDirectory,
    private readonly audit: AuditService,
  ) {}

  list(userId: string): Promise<SessionInfo[]> {
    return this.directory.listOf(userId);
  }

  /** Signs one session out; 404 for a handle that is not one of the user's live sessions. */
  async revoke(ctx: AuditContext, userId: string, handle: string): Promise<void> {
    if (!(await this.directory.revoke(userId, handle))) throw new NotFound('No such session.');
    await this.audit.record(ctx, {
      action: 'session.revoke',
      targetUserId: userId,
      details: { scope: 'one', sessionId: handle },
    });
  }

  /** Signs out every session of the user but `keep` (the caller's own, when it is one of them); how many. */
  async revokeOthers(ctx: AuditContext, userId: string, keep: string | undefined): Promise<number> {
    const ended = await this.directory.revokeOthers(userId, keep);
    await this.audit.record(ctx, {
      action: 'session.revoke',
      targetUserId: userId,
      details: { scope: keep === undefined ? 'all' : 'others', ended },
    });
    return ended;
  }
}
