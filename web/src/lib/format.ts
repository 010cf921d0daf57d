const DAY_MS = 86_400_000;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string | Date): string =>
  dateOnly.format(typeof iso === 'string' ? new Date(iso) : iso);

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY_MS],
  ['month', 30 * DAY_MS],
  ['day', DAY_MS],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 89 days", "3 hours ago", "just now". */
export function formatRelative(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return 'just now';
  // Days read better than months up to about three months, which is where most token expiries sit.
  for (const [unit, ms] of UNITS) {
    if (unit === 'month' && abs < 100 * DAY_MS) continue;
    if (abs >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

export const addDays = (days: number, from = Date.now()): Date => new Date(from + days * DAY_MS);

export { DAY_MS };
