const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** When a lockout ends, as briefly as is clear: the time today, else the date and time. */
export function formatUntil(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? timeOnly.format(at) : dateTime.format(at);
}

/** Locked now: the server's lockedUntil is still ahead (it may have passed since the page loaded). */
export const lockedUntil = (user: { lockedUntil?: string | null }, now = Date.now()): string | null =>
  user.lockedUntil && Date.parse(user.lockedUntil) > now ? user.lockedUntil : null;
