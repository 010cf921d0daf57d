/**
 * Counts failed token verifications per client IP in fixed one-minute windows. Once an IP reaches the limit,
 * every token-authenticated request from it is refused until the window ends. The success path costs one map
 * lookup; other IPs are never affected.
 */
export class TokenFailureThrottle {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    // Bounds memory under a spray from many addresses; past it the oldest windows are dropped first.
    private readonly maxTrackedIps = 100_000,
  ) {}

  start() {
    this.sweeper ??= setInterval(() => this.sweep(Date.now()), this.windowMs);
    this.sweeper.unref();
  }

  stop() {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Seconds until the IP may try again, or 0 when it is not blocked. */
  blockedFor(ip: string, now = Date.now()): number {
    const w = this.windows.get(ip);
    if (w === undefined || w.failures < this.limit) return 0;
    if (w.resetAt <= now) {
      this.windows.delete(ip);
      return 0;
    }
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  recordFailure(ip: string, now = Date.now()) {
    const w = this.windows.get(ip);
    if (w === undefined || w.resetAt <= now) {
      if (w === undefined && this.windows.size >= this.maxTrackedIps) this.evictOldest();
      this.windows.set(ip, { failures: 1, resetAt: now + this.windowMs });
    } else w.failures++;
  }

  /** Lifts an IP's block (tests, and an operator who knows the address is benign). */
  reset(ip: string) {
    this.windows.delete(ip);
  }

  get trackedIps() {
    return this.windows.size;
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
