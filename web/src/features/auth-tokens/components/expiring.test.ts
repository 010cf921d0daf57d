import { describe, expect, it } from 'vitest';
import type { AuthToken } from '../api/types';
import { expiringThisWeek, expiringThisWeekText } from './expiring';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 6, 12);
const token = (expiresInDays: number | null, status: AuthToken['status'] = 'active') =>
  ({
    status,
    expiresAt: expiresInDays === null ? null : new Date(now + expiresInDays * DAY).toISOString(),
  }) as AuthToken;

describe('the Overview’s “tokens expire this week”', () => {
  it('counts the working tokens that expire within the next 7 days', () => {
    const tokens = [
      token(0.5),
      token(3),
      token(7),
      token(7.01),
      token(null),
      token(-1, 'expired'),
      token(2, 'suspended'),
    ];
    expect(expiringThisWeek(tokens, now)).toBe(3);
    expect(expiringThisWeek([], now)).toBe(0);
  });

  it('says it in words', () => {
    expect(expiringThisWeekText(1)).toBe('1 token expires this week');
    expect(expiringThisWeekText(2)).toBe('2 tokens expire this week');
  });
});
