import { describe, expect, it } from 'vitest';
import { graceUntil } from './grace';
import { graceToastText, userAgentLabel } from './grace-text';

describe('grace window texts', () => {
  it('says until when the old secret works, or that it no longer does', () => {
    expect(graceToastText('secret', '2026-12-06T14:05:00Z', () => '14:05')).toBe(
      'The old secret works until 14:05, then only the new one.',
    );
    expect(graceToastText('secret', null, () => 'unused')).toBe('The old secret no longer works.');
    expect(graceToastText('secret', undefined, () => 'unused')).toBe('The old secret no longer works.');
  });

  it('shows only the time for a window ending today, the date too for one ending later', () => {
    const now = Date.parse('2026-12-06T09:00:00');
    expect(graceUntil('2026-12-06T10:00:00', now)).not.toMatch(/2026/);
    expect(graceUntil('2026-12-07T10:00:00', now)).toMatch(/2026/);
  });

  it('cuts a long user agent and keeps a short one whole', () => {
    expect(userAgentLabel('curl/8.5')).toBe('curl/8.5');
    expect(userAgentLabel(null)).toBeNull();
    expect(userAgentLabel('x'.repeat(100))).toHaveLength(58);
  });
});
