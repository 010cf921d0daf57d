/** Seconds until a `Retry-After` header (delay-seconds or an HTTP date) says to try again; undefined if unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * "13 minutes" for 736 seconds: rounded up, so trying again then works; hours once it is more than 90 minutes,
 * days past 48 hours.
 */
export function formatWait(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 90) return plural(minutes, 'minute');
  const hours = Math.round(seconds / 3600);
  if (hours <= 48) return plural(hours, 'hour');
  return plural(Math.round(seconds / 86400), 'day');
}
