import type { Logger } from 'pino';
import type { AuditEvent, AuditPage, AuditQuery, AuditRepository, UserRepository } from '../store/store.js';
import { newId } from '../lib/ids.js';
import type { ActivityAction } from './actions.js';
import { anonymousContext, type AuditContext } from './context.js';

export type { AuditEvent, AuditQuery } from '../store/store.js';

export interface AuditInput {
  action: ActivityAction;
  outcome?: 'success' | 'failure';
  targetUserId?: string | null;
  tokenId?: string | null;
  details?: Record<string, unknown>;
  /** When no principal is on the request yet (sign-in), name the actor explicitly. */
  actor?: { id: string | null; username: string | null };
}

// How the actor authenticated, and with which token, so "what was done with this token" is answerable.
const credentialDetails = (credential: NonNullable<AuditContext['credential']>) => ({
  via: credential.via,
  ...(credential.tokenId ? { credentialTokenId: credential.tokenId } : {}),
});

/** Unknown-token refusals from one address, counted since its last written row. */
interface UnknownTokenWindow {
  ip: string;
  /** `auth_token.use` for auth tokens; `keystone.token.issue` for the Keystone token method (F-3). */
  action: ActivityAction;
  extra: Record<string, unknown> | undefined;
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
    private readonly events: AuditRepository,
    private readonly users: UserRepository,
    private readonly logger: Logger,
  ) {}

  /**
   * A well-formed token that matches no stored digest (deleted, regenerated, foreign or guessed). The first from
   * an address in a window is written at once with its hint, as any other event; further ones from that address
   * are counted and written as one row (count, up to 20 hints, first and last time) when the window closes, so a
   * spray of unknown tokens costs a counter per request, not a write. Refusals of known tokens are not summarised.
   * Returns the write to wait for, or nothing when the refusal only joins an open summary.
   */
  recordUnknownToken(
    hint: string,
    ip: string,
    userAgent: string | undefined,
    /** Another action than auth_token.use, with its own details, summarised apart (the Keystone token method). */
    kind?: { action: ActivityAction; details: Record<string, unknown> },
  ): Promise<void> | undefined {
    const key = kind ? `${kind.action} ${ip}` : ip;
    const open = this.unknownTokens.get(key);
    if (open) {
      const now = Date.now();
      if (open.count++ === 0) {
        open.first = now;
        open.userAgent = userAgent?.slice(0, 512) ?? null;
      }
      open.last = now;
      if (open.hints.length < MAX_HINTS_PER_ROW && !open.hints.includes(hint)) open.hints.push(hint);
      return undefined;
    }
    if (this.unknownTokens.size < MAX_UNKNOWN_WINDOWS) {
      this.unknownTokens.set(key, {
        ip,
        action: kind?.action ?? 'auth_token.use',
        extra: kind?.details,
        count: 0,
        hints: [],
        first: 0,
        last: 0,
        userAgent: null,
      });
    }
    const input: AuditInput = {
      action: kind?.action ?? 'auth_token.use',
      outcome: 'failure',
      actor: { id: null, username: null },
      details: { ...kind?.details, reason: 'unknown_token', hint },
    };
    return this.record(anonymousContext(ip || null, userAgent), input);
  }

  /** Writes the summaries of the closed window; runs on a timer, before every audit read and on shutdown. */
  async flushUnknownTokens(): Promise<void> {
    if (this.unknownTokens.size === 0) return;
    const windows = this.unknownTokens;
    this.unknownTokens = new Map();
    for (const w of windows.values()) {
      if (w.count === 0) continue;
      const ip = w.ip;
      const event: AuditEvent = {
        id: newId(),
        at: new Date(w.last).toISOString(),
        action: w.action,
        outcome: 'failure',
        actorId: null,
        actorUsername: null,
        targetUserId: null,
        tokenId: null,
        ip: ip || null,
        userAgent: w.userAgent,
        details: {
          ...w.extra,
          reason: 'unknown_token',
          count: w.count,
          hints: w.hints,
          since: new Date(w.first).toISOString(),
        },
      };
      try {
        await this.events.append(event);
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

  /** Appends an event that goes with no other change (a failed use, a sign-in); group-committed on SQLite. */
  async record(ctx: AuditContext, input: AuditInput): Promise<void> {
    const event = this.event(ctx, input);
    await this.events.append(event);
    this.logged(event);
  }

  /** The event, not yet stored: a repository's mutation writes it in the change's own transaction. */
  event(ctx: AuditContext, input: AuditInput): AuditEvent {
    const actor = input.actor ?? { id: ctx.actor?.id ?? null, username: ctx.actor?.username ?? null };
    const event: AuditEvent = {
      id: newId(),
      at: new Date().toISOString(),
      action: input.action,
      outcome: input.outcome ?? 'success',
      actorId: actor.id,
      actorUsername: actor.username,
      targetUserId: input.targetUserId ?? null,
      tokenId: input.tokenId ?? null,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: ctx.credential ? { ...credentialDetails(ctx.credential), ...input.details } : (input.details ?? null),
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

  async list(query: AuditQuery): Promise<AuditPage> {
    await this.flushUnknownTokens();
    return this.events.list(query);
  }

  /** The usernames of the events' target users, looked up once per page. */
  async targetUsernames(events: AuditEvent[]): Promise<Map<string, string>> {
    const ids = [...new Set(events.map((e) => e.targetUserId).filter((id): id is string => id !== null))];
    const users = await Promise.all(ids.map((id) => this.users.get(id)));
    return new Map(users.flatMap((u) => (u ? [[u.id, u.username] as const] : [])));
  }

  /** The `user` filter accepts an id or a username; an unknown one simply matches nothing. */
  async resolveUserFilter(user: string | undefined): Promise<string | undefined> {
    if (!user) return undefined;
    const byId = await this.users.get(user);
    if (byId) return byId.id;
    const byName = await this.users.getByUsername(user.toLowerCase());
    return byName?.id ?? `unknown:${user}`;
  }
}
