import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { NOT_A_USERNAME, recordableUsername, signInThrottle } from './sign-in-throttle.js';

const from = (ip: string) => ({ ip, socket: {}, headers: {} }) as unknown as Request;

describe('SignInThrottle outside the route middlewares (wrong current password, second factor, re-authentication)', () => {
  it('recordFailure counts per username+address and per address; check refuses once either is spent', async () => {
    const t = signInThrottle(3, 15);
    for (let i = 0; i < 2; i++) await t.recordFailure(from('192.0.2.1'), 'Alice');
    await expect(t.check(from('192.0.2.1'), 'alice')).resolves.toBeUndefined();
    await t.recordFailure(from('192.0.2.1'), 'alice ');
    await expect(t.check(from('192.0.2.1'), 'alice')).rejects.toMatchObject({ status: 429, code: 'too_many_requests' });
    // Another address is not refused; the name is locked (at that one address) for the users list.
    await expect(t.check(from('192.0.2.2'), 'alice')).resolves.toBeUndefined();
    expect(await t.lockedUntil('alice')).not.toBeNull();
    expect([...(await t.lockedUsernames()).keys()]).toEqual(['alice']);
    // The address itself is spent too, for any name.
    await expect(t.check(from('192.0.2.1'), 'bob')).rejects.toMatchObject({ status: 429 });
    await t.reset('alice');
    await expect(t.check(from('192.0.2.1'), 'alice')).resolves.toBeUndefined();
    expect(await t.lockedUntil('alice')).toBeNull();
  });

  it('records a name that cannot be a username as a placeholder, never as typed', () => {
    expect(recordableUsername('  Alice ')).toBe('alice');
    expect(recordableUsername('correct horse battery')).toBe(NOT_A_USERNAME);
    expect(recordableUsername('x'.repeat(65))).toBe(NOT_A_USERNAME);
  });
});
