import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditContext } from '../audit/context.js';
import { ALL_SCOPES, SCOPE_NAMES, scopeMask, type ScopeName } from '../scopes/vocabulary.js';
import type { User } from '../store/store.js';
import { changedNetworks, changedScopes, issuedNetworks, issuedScopes } from './credential-issuing.js';

// Issue 18's "never broader" rules, on their own: what a credential may hand on to one it creates or edits.
const admin = { role: 'admin', username: 'root' } as Pick<User, 'role' | 'username'>;
const member = { role: 'user', username: 'ada' } as Pick<User, 'role' | 'username'>;

const session: AuditContext = {
  actor: { id: 'u', username: 'ada' },
  ip: null,
  userAgent: null,
  credential: { via: 'session', scopes: ALL_SCOPES, fullAccess: true },
};
const token = (scopes: ScopeName[] | 'full', networks?: string[]): AuditContext => ({
  ...session,
  credential: {
    via: 'auth-token',
    tokenId: 't',
    scopes: scopes === 'full' ? ALL_SCOPES : scopeMask(scopes),
    fullAccess: scopes === 'full',
    ...(networks ? { networks } : {}),
  },
});

describe('scopes a new credential gets', () => {
  it('inherits exactly: full access from a session or full-access token, else the creator’s own scopes', () => {
    expect(issuedScopes(session, member, undefined)).toBeNull();
    expect(issuedScopes(token('full'), member, undefined)).toBeNull();
    expect(issuedScopes(token(['tokens:write', 'profile:read']), member, undefined)).toEqual([
      'profile:read',
      'tokens:write',
    ]);
    // An administrator's admin-scoped token minting for a member: the member can't use admin scopes.
    expect(issuedScopes(token(['admin:write', 'tokens:read']), member, undefined)).toEqual(['tokens:read']);
    expect(() => issuedScopes(token(['admin:write']), member, undefined)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('refuses a scope the creator lacks (insufficient_scope, naming it) or the owner’s role can’t use', () => {
    expect(() => issuedScopes(token(['profile:read']), member, ['profile:read', 'tokens:write'])).toThrow(
      expect.objectContaining({ status: 403, code: 'insufficient_scope', needed: 'tokens:write' }),
    );
    expect(() => issuedScopes(session, member, ['admin:read'])).toThrow(
      expect.objectContaining({ status: 403, code: 'scope_not_allowed' }),
    );
    expect(issuedScopes(session, admin, ['admin:read', 'profile:read'])).toEqual(['profile:read', 'admin:read']);
  });

  it('never hands on a scope the creator lacks, whatever is asked (property)', () => {
    const names = fc.subarray([...SCOPE_NAMES]);
    fc.assert(
      fc.property(names, names, (held, asked) => {
        let got: ScopeName[] | null;
        try {
          got = issuedScopes(token(held), admin, asked.length > 0 ? asked : undefined);
        } catch {
          return true;
        }
        return got !== null && got.every((s) => held.includes(s));
      }),
    );
  });
});

describe('changing a credential’s scopes', () => {
  it('lets a token narrow but only a session widen, and never beyond the requester', () => {
    expect(changedScopes(token(['tokens:write']), member, ['tokens:write', 'profile:read'], ['tokens:write'])).toEqual([
      'tokens:write',
    ]);
    expect(() => changedScopes(token('full'), member, ['profile:read'], ['profile:read', 'tokens:read'])).toThrow(
      expect.objectContaining({ code: 'scope_widening_needs_session' }),
    );
    expect(changedScopes(session, member, ['profile:read'], ['profile:read', 'tokens:read'])).toEqual([
      'profile:read',
      'tokens:read',
    ]);
    expect(() => changedScopes(token('full'), member, ['profile:read'], null)).toThrow(
      expect.objectContaining({ code: 'scope_widening_needs_session' }),
    );
    expect(changedScopes(session, member, ['profile:read'], null)).toBeNull();
    // Narrowing a full-access token to explicit scopes is narrowing.
    expect(changedScopes(token('full'), member, null, ['profile:read'])).toEqual(['profile:read']);
  });
});

describe('networks a credential gets', () => {
  it('inherits the creator’s list, and takes a list only inside it', () => {
    expect(issuedNetworks(session, undefined)).toBeNull();
    expect(issuedNetworks(token('full', ['10.0.0.0/8']), undefined)).toEqual(['10.0.0.0/8']);
    expect(issuedNetworks(token('full', ['10.0.0.0/8']), ['10.1.0.0/16'])).toEqual(['10.1.0.0/16']);
    for (const wider of [['0.0.0.0/0'], ['192.0.2.0/24'], [], ['2001:db8::/32']])
      expect(() => issuedNetworks(token('full', ['10.0.0.0/8']), wider)).toThrow(
        expect.objectContaining({ status: 403, code: 'network_exceeds_credential' }),
      );
    expect(issuedNetworks(session, [])).toBeNull();
  });

  it('lets a token narrow a list but only a session widen it', () => {
    expect(changedNetworks(token('full'), ['10.0.0.0/8'], ['10.2.0.0/16'])).toEqual(['10.2.0.0/16']);
    expect(changedNetworks(token('full'), [], ['10.2.0.0/16'])).toEqual(['10.2.0.0/16']);
    expect(() => changedNetworks(token('full'), ['10.0.0.0/8'], [])).toThrow(
      expect.objectContaining({ code: 'network_widening_needs_session' }),
    );
    expect(() => changedNetworks(token('full'), ['10.2.0.0/16'], ['10.0.0.0/8'])).toThrow(
      expect.objectContaining({ code: 'network_widening_needs_session' }),
    );
    expect(changedNetworks(session, ['10.2.0.0/16'], [])).toEqual([]);
  });
});
