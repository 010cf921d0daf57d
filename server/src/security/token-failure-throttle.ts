/** Where an address's failures are counted for every replica: Redis (security/redis-token-failures.ts). */
export interface SharedFailureCounter {
  /** Counts one failure of `ip`: its failures in the current window (`windowMs` long) and when it ends (epoch ms). */
  increment(ip: string, windowMs: number): Promise<{ failures: number; resetAt: number }>;
  reset(ip: string): Promise<void>;
}

/**
 * Counts failed token verifications per client IP in fixed one-minute windows. A failure past the limit is answered
 * 429 instead of 401; a valid token is never refused, whatever its address did, and costs nothing here: only the
 * failure path counts. With a shared counter (Redis) the budget is one for every replica and survives a restart; when
 * it cannot be reached, this process's own counters take over until it answers again.
 */
export class TokenFailureThrottle {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();
  private sweeper: NodeJS.Timeout | undefined;
  private sharedDownUntil = 0;

  readonly windowMs: number;
  // Bounds memory under a spray from many addresses; past it the oldest windows are dropped first.
  private readonly maxTrackedIps: number;
  private readonly shared: SharedFailureCounter | undefined;
  // After the shared counter failed, how long failures are counted in memory before it is asked again.
  private readonly sharedRetryMs: number;

  constructor(
    readonly limit: number,
    opts: {
      windowMs?: number;
      maxTrackedIps?: number;
      shared?: SharedFailureCounter | undefined;
      sharedRetryMs?: number;
    } = {},
  ) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxTrackedIps = opts.maxTrackedIps ?? 100_000;
    this.shared = opts.shared;
    this.sharedRetryMs = opts.sharedRetryMs ?? 5_000;
  }

  start() {
    this.sweeper ??= setInterval(() => this.sweep(Date.now()), this.windowMs);
    this.sweeper.unref();
  }

  stop() {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * Counts one failed verification from `ip`. Returns the seconds it must wait when this failure is past the limit
   * (answer 429 with Retry-After), else 0 (answer the refusal as usual). Synchronous in memory; a promise, which never
   * rejects, with a shared counter.
   */
  recordFailure(ip: string, now = Date.now()): number | Promise<number> {
    if (this.shared && now >= this.sharedDownUntil)
      return this.shared.increment(ip, this.windowMs).then(
        ({ failures, resetAt }) => this.waitFor(failures, resetAt, Date.now()),
        () => {
          this.sharedDownUntil = Date.now() + this.sharedRetryMs;
          return this.countLocally(ip, Date.now());
        },
      );
    return this.countLocally(ip, now);
  }

  /** Lifts an IP's block (tests, and an operator who knows the address is benign). */
  async reset(ip: string) {
    this.windows.delete(ip);
    await this.shared?.reset(ip);
  }

  get trackedIps() {
    return this.windows.size;
  }

  private waitFor(failures: number, resetAt: number, now: number): number {
    return failures > this.limit ? Math.max(1, Math.ceil((resetAt - now) / 1000)) : 0;
  }

  private countLocally(ip: string, now: number): number {
    let w = this.windows.get(ip);
    if (w === undefined || w.resetAt <= now) {
      if (w === undefined && this.windows.size >= this.maxTrackedIps) this.evictOldest();
      w = { failures: 1, resetAt: now + this.windowMs };
      this.windows.set(ip, w);
    } else w.failures++;
    return this.waitFor(w.failures, w.resetAt, now);
  }

  private sweep(now: number) {
    for (const [ip, w] of this.windows) if (w.resetAt <= now) this.windows.delete(ip);
  }

  private evictOldest() {
    this.sweep(Date.now());
    // Map iteration is insertion order, so the first keys are the oldest windows.
    for (const ip of this.windows.keys()) {
      if (this.windows.size < this.maxTrackedIps) break;
      this.windows.delete(ip);
    }
  }
}
