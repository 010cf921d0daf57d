import type { Logger } from 'pino';
import { anonymousContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { notifiedClientKey } from '../store/grace-windows.js';
import type { GraceKind, GraceWindowRepository, OldSecretUse } from '../store/store.js';

/** What the console shows of uses not yet flushed (a read on the replica that saw them is current). */
export interface PendingOldSecretUse {
  startedAt: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  count: number;
}

interface Pending extends OldSecretUse {
  byPair: Map<string, OldSecretUse['clients'][number]>;
}

/** Pairs this process already handed to the store, kept at most this many (the store dedupes them anyway). */
const MAX_TOLD = 10_000;

/**
 * Uses of a previous secret during its grace window (issue 20, point 3): kept in memory and written in one transaction
 * every few seconds, never a write per request — as LastUseRecorder does for the current secret, on the same interval.
 * Each (address, user agent) seen in a window gets one audit row `…old_secret_use`, and through its domain event one
 * notification of the owner; the store writes that row only if the window had not yet recorded the pair, so replicas
 * and restarts do not repeat it.
 */
export class OldSecretUseRecorder {
  private pending = new Map<string, Pending>();
  private told = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly windows: Pick<GraceWindowRepository, 'recordUses'>,
    private readonly audit: Pick<AuditService, 'event' | 'logged'>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start() {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** A use of the previous secret of `credentialId` (owned by `ownerId`) in the window that started at `startedAt`. */
  record(
    kind: GraceKind,
    credentialId: string,
    ownerId: string,
    window: { startedAt: string; until: string },
    ip: string | null,
    userAgentHeader: string | undefined,
    atMs = Date.now(),
  ) {
    const userAgent = userAgentHeader?.slice(0, 512) ?? null;
    const key = `${kind} ${credentialId} ${window.startedAt}`;
    const at = new Date(atMs).toISOString();
    let p = this.pending.get(key);
    if (!p) {
      p = {
        kind,
        credentialId,
        startedAt: window.startedAt,
        at,
        ip,
        userAgent,
        count: 0,
        clients: [],
        byPair: new Map(),
      };
      this.pending.set(key, p);
    }
    p.count++;
    if (at >= p.at) Object.assign(p, { at, ip, userAgent });
    const pair = notifiedClientKey(ip, userAgent);
    if (p.byPair.has(pair) || this.told.has(`${key} ${pair}`)) return;
    const event = this.audit.event(anonymousContext(ip, userAgentHeader), {
      action: kind === 'auth_token' ? 'auth_token.old_secret_use' : 'oauth2_client.old_secret_use',
      actor: { id: null, username: null },
      targetUserId: ownerId,
      tokenId: credentialId,
      details: { address: ip, userAgent, graceUntil: window.until },
    });
    p.byPair.set(pair, { ip, userAgent, audit: event });
  }

  /** Uses recorded here and not yet written, for a read to show without waiting for a flush. */
  peek(kind: GraceKind, credentialId: string, startedAt: string): PendingOldSecretUse | undefined {
    const p = this.pending.get(`${kind} ${credentialId} ${startedAt}`);
    return p && { startedAt: p.startedAt, at: p.at, ip: p.ip, userAgent: p.userAgent, count: p.count };
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      const uses: OldSecretUse[] = batch.map(({ byPair, ...u }) => ({ ...u, clients: [...byPair.values()] }));
      try {
        const written = await this.windows.recordUses(uses);
        if (this.told.size > MAX_TOLD) this.told.clear();
        for (const p of batch) {
          const key = `${p.kind} ${p.credentialId} ${p.startedAt}`;
          for (const pair of p.byPair.keys()) this.told.add(`${key} ${pair}`);
        }
        for (const event of written) this.audit.logged(event);
      } catch (err) {
        // Kept for the next tick unless newer uses of the same window arrived meanwhile (an approximate count).
        for (const p of batch) {
          const key = `${p.kind} ${p.credentialId} ${p.startedAt}`;
          if (!this.pending.has(key)) this.pending.set(key, p);
        }
        this.logger.warn(
          { err: (err as Error).message, count: batch.length },
          'old-secret use flush failed; will retry',
        );
      }
    });
    return this.flushing;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
