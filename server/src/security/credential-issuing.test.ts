import { describe, expect, it } from 'vitest';
import type { User } from '../store/store.js';
import { assertMayHoldCredentials, checkedExpiry, daysFrom } from './credential-issuing.js';

const owner = (over: Partial<User>) => ({ username: 'ada', disabled: false, apiTokensEnabled: true, ...over }) as User;
const NOW = Date.parse('2026-12-01T12:00:00.000Z');

describe('issuing a credential', () => {
  it('refuses an owner who could not use it, the disabled account first, as the verifiers do', () => {
    expect(() => assertMayHoldCredentials(owner({}), 'API tokens')).not.toThrow();
    expect(() => assertMayHoldCredentials(owner({ apiTokensEnabled: false }), 'API tokens')).toThrow(
      expect.objectContaining({
        status: 422,
        code: 'api_tokens_disabled',
        message: expect.stringMatching(/^API tokens are turned off for ada/),
      }),
    );
    expect(() =>
      assertMayHoldCredentials(owner({ disabled: true, apiTokensEnabled: false }), 'API credentials'),
    ).toThrow(expect.objectContaining({ code: 'user_disabled', message: 'The account ada is disabled.' }));
  });

  it('takes an expiry date in the future and within the maximum lifetime, normalised', () => {
    expect(checkedExpiry('2026-12-02T12:00:00Z', NOW, 30, 'Tokens')).toBe('2026-12-02T12:00:00.000Z');
    expect(checkedExpiry(daysFrom(NOW, 30), NOW, 30, 'Tokens')).toBe('2026-12-31T12:00:00.000Z');
    expect(checkedExpiry('2030-01-01T00:00:00Z', NOW, undefined, 'Tokens')).toBe('2030-01-01T00:00:00.000Z');
  });

  it('refuses an expiry that is not a date, is past, or is beyond the maximum lifetime', () => {
    expect(() => checkedExpiry('soon', NOW, 30, 'Tokens')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => checkedExpiry(new Date(NOW).toISOString(), NOW, 30, 'Tokens')).toThrow(
      expect.objectContaining({ code: 'expiry_in_past' }),
    );
    expect(() => checkedExpiry(daysFrom(NOW, 31), NOW, 30, 'Credentials')).toThrow(
      expect.objectContaining({
        code: 'expiry_beyond_policy',
        message: expect.stringMatching(/^Credentials may live at most 30 days/),
      }),
    );
  });
});
