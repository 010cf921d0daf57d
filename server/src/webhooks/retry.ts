/**
 * Standard Webhooks' suggested schedule: after the first attempt fails, retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
 * 10 h later — eight attempts over about 28 hours ("for a day"); then the delivery is failed.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * How long to wait after the `attempt`th attempt (1-based) failed: the schedule's step with ±10 % jitter, so
 * deliveries that failed together (a receiver's outage) do not all come back in the same second.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0]!;
  return Math.round(base * (0.9 + 0.2 * random()));
}
