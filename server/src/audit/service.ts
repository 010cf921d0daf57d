import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AuditEvent, AuditQuery, Store } from '../store/store.js';
import { newId } from '../lib/ids.js';
import { clientAddress } from '../http/client.js';

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

/** Unknown-token refusals from one address, counted since its last written row. */
interface UnknownTokenWindow {
  count: number;
  hints: string[];
  /** ms since the epoch: the text is made once, when the row is written. */
  first: number;
  last: number;
  userAgent: string | null;
}

/** Repeats from one address are summarised in one row per window; beyond this many addresses, one row each. */
const MAX_UNKNOWN_WINDOWS = 10_000;
const MAX_HINTS_PER_ROW = 20;

/** Records security events. Callers pass ids and descriptions only; never a secret. */
export class AuditService {
  private unknownTokens = new Map<string, UnknownTokenWindow>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /**
   * A well-formed token that matches no stored digest (deleted, regenerated, foreign or guessed). The first from
   * an address in a window is written at once with its hint, as any other event; further ones from that address
   * are counted and written as one row (count, up to 20 hints, first and last time) when the window closes, so a
   * spray of unknown tokens costs a counter per request, not a write. Refusals of known tokens are not summarised.
   * Returns the write to wait for, or nothing when the refusal only joins an open summary.
   */
  recordUnknownToken(req: Request, hint: string, ip = clientAddress(req) ?? ''): Promise<void> | undefined {
    const open = this.unknownTokens.get(ip);
    if (open) {
      const now = Date.now();
      if (open.count++ === 0) {
        open.first = now;
        open.userAgent = req.get('user-agent')?.slice(0, 512) ?? null;
      }
      open.last = now;
      if (open.hints.length < MAX_HINTS_PER_ROW && !open.hints.includes(hint)) open.hints.push(hint);
      return undefined;
    }
    if (this.unknownTokens.size < MAX_UNKNOWN_WINDOWS) {
      this.unknownTokens.set(ip, { count: 0, hints: [], first: 0, last: 0, userAgent: null });
    }
    const input: AuditInput = {
      action: 'auth_token.use',
      outcome: 'failure',
      actor: { id: null, username: null },
      details: { reason: 'unknown_token', hint },
    };
    return this.record(req, input);
  }

  /** Writes the summaries of the closed window; runs on a timer, before every audit read and on shutdown. */
  async flushUnknownTokens(): Promise<void> {
    if (this.unknownTokens.size === 0) return;
    const windows = this.unknownTokens;
    this.unknownTokens = new Map();
    for (const [ip, w] of windows) {
      if (w.count === 0) continue;
      const event: AuditEvent = {
        id: newId(),
        at: new Date(w.last).toISOString(),
        action: 'auth_token.use',
        outcome: 'failure',
        actorId: null,
        actorUsername: null,
        targetUserId: null,
        tokenId: null,
        ip: ip || null,
        userAgent: w.userAgent,
        details: {
          reason: 'unknown_token',
          count: w.count,
          hints: w.hints,
          since: new Date(w.first).toISOString(),
        },
      };
      try {
        await this.store.appendAudit(event);
        this.logged(event);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message, count: w.count }, 'unknown-token audit summary not written');
      }
    }
  }

  start(intervalMs: number) {
    this.timer ??= setInterval(() => void this.flushUnknownTokens(), intervalMs);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushUnknownTokens();
  }

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
      ip: clientAddress(req) ?? null,
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

  async list(query: AuditQuery) {
    await this.flushUnknownTokens();
    return this.store.listAudit(query);
  }
}
