import { describe, expect, it } from 'vitest';
import { formatWait, parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(parseRetryAfter('736', now)).toBe(736);
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Sun, 06 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('formatWait', () => {
  it('says seconds under a minute, minutes (rounded up) to 90, then hours and days', () => {
    expect(formatWait(0)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(736)).toBe('13 minutes');
    expect(formatWait(90 * 60)).toBe('90 minutes');
    expect(formatWait(3 * 3600 + 100)).toBe('3 hours');
    expect(formatWait(5 * 86400)).toBe('5 days');
  });
});
