import { DAY_MS } from '../../../lib/format';
import type { AuthToken } from '../api/types';

/** "This week" is the next 7 days: the span of the first expiry notice. */
const WEEK_MS = 7 * DAY_MS;

/** How many of these tokens still work and expire within the next 7 days (the Overview's count). */
export function expiringThisWeek(tokens: readonly AuthToken[], now = Date.now()): number {
  return tokens.filter((t) => {
    if (t.status !== 'active' || t.expiresAt === null) return false;
    const left = Date.parse(t.expiresAt) - now;
    return left > 0 && left <= WEEK_MS;
  }).length;
}

/** "1 token expires this week", "2 tokens expire this week". */
export const expiringThisWeekText = (n: number) =>
  n === 1 ? '1 token expires this week' : `${n} tokens expire this week`;
