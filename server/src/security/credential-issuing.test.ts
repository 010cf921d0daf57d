import { describe, expect, it } from 'vitest';
import type { User } from '../store/store.js';
import type { AuditContext } from '../audit/context.js';
import {
  assertMayHoldCredentials,
  boundedByCreator,
  checkedExpiry,
  creatorExpiry,
  daysFrom,
} from './credential-issuing.js';

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

  it('bounds an expiry by the creating credential’s own: never → its expiry, later → its expiry, earlier kept', () => {
    const creator = NOW + 3_600_000;
    const at = new Date(creator).toISOString();
    expect(boundedByCreator(null, undefined)).toBeNull();
    expect(boundedByCreator(daysFrom(NOW, 90), undefined)).toBe(daysFrom(NOW, 90));
    expect(boundedByCreator(null, creator)).toBe(at);
    expect(boundedByCreator(daysFrom(NOW, 90), creator)).toBe(at);
    expect(boundedByCreator(new Date(NOW + 60_000).toISOString(), creator)).toBe(new Date(NOW + 60_000).toISOString());
  });

  it('finds the creator’s expiry from the verifier, or for an auth token by one lookup', async () => {
    const ctx = (credential: AuditContext['credential']): AuditContext => ({
      actor: { id: 'u1', username: 'ada' },
      ip: null,
      userAgent: null,
      credential,
    });
    const lookups: string[] = [];
    const tokens = {
      get: async (userId: string, tokenId: string) => {
        lookups.push(`${userId}/${tokenId}`);
        return { expiresAt: tokenId === 't1' ? '2026-12-02T00:00:00.000Z' : null } as never;
      },
    };
    expect(await creatorExpiry(ctx(null), tokens)).toBeUndefined();
    expect(await creatorExpiry(ctx({ via: 'session' }), tokens)).toBeUndefined();
    expect(await creatorExpiry(ctx({ via: 'keystone', expiresAt: 42 }), tokens)).toBe(42);
    expect(await creatorExpiry(ctx({ via: 'auth-token', tokenId: 't1' }), tokens)).toBe(
      Date.parse('2026-12-02T00:00:00.000Z'),
    );
    expect(await creatorExpiry(ctx({ via: 'auth-token', tokenId: 't2' }), tokens)).toBeUndefined();
    expect(lookups).toEqual(['u1/t1', 'u1/t2']);
  });
});
