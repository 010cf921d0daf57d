import { describe, expect, it } from 'vitest';
import { clientLabel, impactSummary, type RecentClient } from './recent-clients';

const at = '2026-12-06T10:00:00.000Z';
const client = (ip: string | null, userAgent: string | null): RecentClient => ({
  ip,
  userAgent,
  firstSeenAt: at,
  lastSeenAt: at,
  count: 3,
});

describe('impactSummary', () => {
  it('names each client by address and short user agent, as the issue words it', () => {
    expect(
      impactSummary([client('10.0.0.7', 'curl/8.5.0'), client('10.0.0.8', 'python-requests/2.31.0')], 'token'),
    ).toBe('2 clients used this token this week: 10.0.0.7 curl/8.5, 10.0.0.8 python-requests/2.31.');
  });

  it('says plainly that none did', () => {
    expect(impactSummary([], 'credential')).toBe('No client used this credential in the last 7 days.');
  });

  it('counts one client in the singular and those past the fifth without naming them', () => {
    expect(impactSummary([client('10.0.0.1', null)], 'token')).toBe(
      '1 client used this token this week: 10.0.0.1 no user agent.',
    );
    const many = Array.from({ length: 7 }, (_, i) => client(`10.0.0.${i}`, 'curl/8.5.0'));
    expect(impactSummary(many, 'token')).toMatch(
      /^7 clients used this token this week: .*10\.0\.0\.4 curl\/8\.5, and 2 more\.$/,
    );
  });
});

describe('clientLabel', () => {
  it('keeps browsers readable and says when the address is unknown', () => {
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(clientLabel(client(null, chrome))).toBe('unknown address Chrome 131 on Linux');
  });
});
