import type { Logger } from 'pino';
import type { LastUse, Store } from '../store/store.js';

/** Keeps the latest use of each token in memory and writes them in one transaction every few seconds. */
export class LastUseRecorder {
  private pending = new Map<string, LastUse>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start() {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  record(tokenId: string, ip: string | null, at = new Date().toISOString()) {
    this.pending.set(tokenId, { tokenId, at, ip });
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
      try {
        await this.store.recordLastUses(batch);
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
