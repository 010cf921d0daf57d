import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AuditEvent, AuditQuery, Store } from '../store/store.js';
import { newId } from '../lib/ids.js';

export interface AuditInput {
  action: string;
  outcome?: 'success' | 'failure';
  targetUserId?: string | null;
  tokenId?: string | null;
  details?: Record<string, unknown>;
  /** When no principal is on the request yet (sign-in), name the actor explicitly. */
  actor?: { id: string | null; username: string | null };
}

// How the actor authenticated, and with which token, so "what was done with this token" is answerable.
const credentialDetails = (req: Request) => ({
  via: req.principal!.authenticatedBy,
  ...(req.principal!.tokenId ? { credentialTokenId: req.principal!.tokenId } : {}),
});

/** Records security events. Callers pass ids and descriptions only; never a secret. */
export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async record(req: Request, input: AuditInput): Promise<void> {
    const event = this.event(req, input);
    await this.store.appendAudit(event);
    this.logged(event);
  }

  /** The event for a request, not yet stored: for a write that must commit together with its audit line. */
  event(req: Request, input: AuditInput): AuditEvent {
    const actor = input.actor ?? {
      id: req.principal?.user.id ?? null,
      username: req.principal?.user.username ?? null,
    };
    const event: AuditEvent = {
      id: newId(),
      at: new Date().toISOString(),
      action: input.action,
      outcome: input.outcome ?? 'success',
      actorId: actor.id,
      actorUsername: actor.username,
      targetUserId: input.targetUserId ?? null,
      tokenId: input.tokenId ?? null,
      ip: req.ip ?? null,
      userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
      details: req.principal ? { ...credentialDetails(req), ...input.details } : (input.details ?? null),
    };
    return event;
  }

  /** Logs an event once it is stored, whether by record() or inside another write's transaction. */
  logged(event: AuditEvent): void {
    this.logger.info(
      {
        audit: {
          action: event.action,
          outcome: event.outcome,
          actor: event.actorUsername,
          target: event.targetUserId,
          tokenId: event.tokenId,
        },
      },
      'audit',
    );
  }

  list(query: AuditQuery) {
    return this.store.listAudit(query);
  }
}
