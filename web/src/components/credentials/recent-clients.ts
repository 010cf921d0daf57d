import type { components } from '../../lib/api-types';
import { shortUserAgent } from '../../lib/user-agent';

/** One (address, user agent) pair that used a credential, as the server's `…/clients` answers it. */
export type RecentClient = components['schemas']['CredentialClient'];

/** "10.0.0.7 curl/8.5": how a client is named in one line; either half may be unknown. */
export function clientLabel(c: Pick<RecentClient, 'ip' | 'userAgent'>): string {
  const ua = c.userAgent ? shortUserAgent(c.userAgent) : '';
  return [c.ip ?? 'unknown address', ua || 'no user agent'].join(' ');
}

/** At most this many are named in a confirmation; the rest are counted ("… and 3 more"). */
export const IMPACT_NAMED = 5;

/**
 * What a Delete, Regenerate or Suspend confirmation says about the last 7 days:
 * "2 clients used this token this week: 10.0.0.7 curl/8.5, 10.0.0.8 python-requests/2.31", or that none did.
 */
export function impactSummary(clients: RecentClient[], noun: string): string {
  if (clients.length === 0) return `No client used this ${noun} in the last 7 days.`;
  const named = clients.slice(0, IMPACT_NAMED).map(clientLabel).join(', ');
  const more = clients.length - IMPACT_NAMED;
  const who = clients.length === 1 ? '1 client' : `${clients.length} clients`;
  return `${who} used this ${noun} this week: ${named}${more > 0 ? `, and ${more} more` : ''}.`;
}
