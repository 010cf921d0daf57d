import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../lib/format';
import { defaultExpiryChoice, expiresAtFor, expiryOptions, type ExpiryPolicy } from './expiry';

const open: ExpiryPolicy = { defaultLifetimeDays: 90, maxLifetimeDays: null, requireExpiry: false };
const capped: ExpiryPolicy = { ...open, maxLifetimeDays: 60, defaultLifetimeDays: 30, requireExpiry: true };
const labels = (p: ExpiryPolicy) => expiryOptions(p).map((o) => o.label);

describe('expiry choices', () => {
  it('offers No expiry only when the policy has no maximum lifetime', () => {
    expect(labels(open)).toEqual(['30 days', '60 days', '90 days', '1 year', 'Custom date', 'No expiry']);
    expect(labels(capped)).toEqual(['30 days', '60 days', 'Custom date']);
    // Expiry required without a maximum: every preset, but no "No expiry".
    expect(labels({ ...open, requireExpiry: true })).toEqual([
      '30 days',
      '60 days',
      '90 days',
      '1 year',
      'Custom date',
    ]);
  });

  it("preselects the server's default lifetime, or a custom date when no preset matches", () => {
    expect(defaultExpiryChoice(open)).toBe('90');
    expect(defaultExpiryChoice(capped)).toBe('30');
    expect(defaultExpiryChoice({ ...open, defaultLifetimeDays: 45 })).toBe('custom');
  });

  it('sends null for never, now + N days for a preset, and a custom date clamped to the maximum', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(expiresAtFor('never', '', open, now)).toBeNull();
    expect(expiresAtFor('60', '', open, now)).toBe(new Date(now + 60 * DAY_MS).toISOString());
    const clamped = Date.parse(expiresAtFor('custom', '2026-03-02', capped, now)!);
    expect(clamped).toBeLessThan(now + 60 * DAY_MS);
    expect(clamped).toBeGreaterThan(now + 59 * DAY_MS);
  });
});
