import type { Logger } from 'pino';
import type { AuthTokenRepository, LastUse } from '../store/store.js';

/** A token's use is written again only when it is this much newer than the one last written, or from elsewhere. */
export const LAST_USE_GRANULARITY_MS = 60_000;

/**
 * Keeps the latest use of each token in memory and writes them in one transaction every few seconds. "Last used" is
 * kept to the minute, as GitLab does (to ten minutes there): a use from the same address less than
 * LAST_USE_GRANULARITY_MS after the use this process last wrote for the token is not recorded again. A script
 * calling the API many times a second thus costs one row write a minute, not one per flush, and its requests
 * allocate nothing here. A use from another address is always recorded, so the address shown is never stale.
 */
export class LastUseRecorder {
  private pending = new Map<string, LastUse>();
  /** Per token, the use this process last handed to the store (ms since the epoch, address). */
  private written = new Map<string, { at: number; ip: string | null }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly tokens: Pick<AuthTokenRepository, 'recordLastUses'>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly granularityMs = LAST_USE_GRANULARITY_MS,
  ) {}

  start() {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** A use at atMs (ms since the epoch); the timestamp's text is made only for a use that is kept. */
  record(tokenId: string, ip: string | null, atMs = Date.now()) {
    const last = this.written.get(tokenId);
    if (last !== undefined && last.ip === ip && atMs - last.at < this.granularityMs) return;
    this.pending.set(tokenId, { tokenId, at: new Date(atMs).toISOString(), ip });
  }

  /** Forgets what this process knows of the token's use: its secret was replaced, the next use is news. */
  forget(tokenId: string) {
    this.pending.delete(tokenId);
    this.written.delete(tokenId);
  }

  /** What has been recorded but not yet written, so reads can show it without waiting for a flush. */
  peek(tokenId: string): LastUse | undefined {
    return this.pending.get(tokenId);
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      // What was written a granularity ago no longer holds anything back: keep the map to the tokens in use.
      const horizon = Date.now() - this.granularityMs;
      for (const [id, w] of this.written) if (w.at <= horizon) this.written.delete(id);
      try {
        await this.tokens.recordLastUses(batch);
        for (const u of batch) this.written.set(u.tokenId, { at: Date.parse(u.at), ip: u.ip });
      } catch (err) {
        // Keep what failed unless a newer use arrived meanwhile; try again next tick.
        for (const u of batch) if (!this.pending.has(u.tokenId)) this.pending.set(u.tokenId, u);
        this.logger.warn({ err: (err as Error).message, count: batch.length }, 'last-used flush failed; will retry');
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
