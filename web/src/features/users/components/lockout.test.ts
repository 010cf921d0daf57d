import { describe, expect, it } from 'vitest';
import { formatUntil, lockedUntil } from './lockout';

describe('lockouts', () => {
  it('counts a user as locked only while lockedUntil is ahead', () => {
    const now = Date.UTC(2026, 11, 6, 5, 0);
    const later = new Date(now + 10 * 60_000).toISOString();
    expect(lockedUntil({ lockedUntil: later }, now)).toBe(later);
    expect(lockedUntil({ lockedUntil: new Date(now - 1000).toISOString() }, now)).toBeNull();
    expect(lockedUntil({ lockedUntil: null }, now)).toBeNull();
  });

  it('says the time alone today, and the date too on another day', () => {
    const now = new Date(2026, 11, 6, 9, 0);
    const today = formatUntil(new Date(2026, 11, 6, 9, 15).toISOString(), now);
    const tomorrow = formatUntil(new Date(2026, 11, 7, 9, 15).toISOString(), now);
    expect(today).not.toMatch(/2026/);
    expect(tomorrow).toMatch(/2026/);
  });
});
