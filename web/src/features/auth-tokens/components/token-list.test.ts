import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../lib/format';
import type { AuthToken } from '../api/types';
import { neighbourOf } from '../../../components/credentials/row-focus';
import { paramsForView, scopesInUse, tokenStatus, viewFromParams, visibleTokens } from './token-list';

const now = Date.UTC(2026, 11, 6, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const token = (id: string, over: Partial<AuthToken> = {}): AuthToken => ({
  id,
  userId: 'u1',
  name: null,
  description: `Token ${id}`,
  hint: `tsr_…${id.padStart(4, '0')}`,
  createdAt: iso(now - 10 * DAY_MS),
  createdBy: null,
  creator: null,
  expiresAt: iso(now + 60 * DAY_MS),
  lastUsedAt: null,
  lastUsedIp: null,
  regeneratedAt: null,
  scopes: ['profile:read'],
  fullAccess: false,
  allowedNetworks: [],
  projects: null,
  status: 'active',
  suspendedAt: null,
  revocation: null,
  grace: null,
  awaitingDelivery: false,
  deliveredAt: null,
  deliveredBy: null,
  ...over,
});

const tokens = [
  token('a', { description: 'CI deploy', createdAt: iso(now - 3 * DAY_MS), lastUsedAt: iso(now - DAY_MS) }),
  token('b', { description: 'Backup', expiresAt: null, createdAt: iso(now - 2 * DAY_MS) }),
  token('c', { expiresAt: iso(now - 60_000), status: 'expired', lastUsedAt: iso(now - 5 * DAY_MS) }),
  token('d', { expiresAt: iso(now + 2 * DAY_MS), createdAt: iso(now - DAY_MS) }),
  // Expired since the list was loaded: the server still said active.
  token('e', { expiresAt: iso(now - 1000), createdAt: iso(now - 20 * DAY_MS) }),
];
const full = ['profile:read', 'tokens:read', 'tokens:write', 'activity:read'] as AuthToken['scopes'];
const scoped = [
  token('f', { scopes: full, fullAccess: true }),
  token('g', { scopes: ['profile:read', 'tokens:write'], status: 'suspended', suspendedAt: iso(now - DAY_MS) }),
  token('h', { scopes: ['tokens:read'] }),
  // Suspended, then expired: expired wins, as on the server.
  token('i', { expiresAt: iso(now - DAY_MS), status: 'expired', suspendedAt: iso(now - 2 * DAY_MS) }),
];
const ids = (view: Partial<Parameters<typeof visibleTokens>[1]>) =>
  visibleTokens(tokens, { search: '', status: 'all', scope: '', sort: 'created-desc', ...view }, now).map((t) => t.id);

describe('the token list view', () => {
  it('searches the description and the hint, case-insensitively', () => {
    expect(ids({ search: 'ci DEP' })).toEqual(['a']);
    expect(ids({ search: '000d' })).toEqual(['d']);
    expect(ids({ search: 'nothing' })).toEqual([]);
  });

  it('filters by status, counting a token past its expiry as expired', () => {
    expect(ids({ status: 'active' })).toEqual(['d', 'b', 'a']);
    expect(ids({ status: 'expired' })).toEqual(['c', 'e']);
    expect(ids({ status: 'expiring' })).toEqual(['d']);
    expect(ids({ status: 'no-expiry' })).toEqual(['b']);
  });

  it('filters by scope, a full-access token holding every scope of its owner, and by suspension', () => {
    const of = (view: Partial<Parameters<typeof visibleTokens>[1]>) =>
      visibleTokens(scoped, { search: '', status: 'all', scope: '', sort: 'created-desc', ...view }, now).map(
        (t) => t.id,
      );
    expect(of({ scope: 'tokens:write' })).toEqual(['f', 'g']);
    expect(of({ scope: 'tokens:read' })).toEqual(['f', 'h']);
    expect(of({ scope: 'admin:read' })).toEqual([]);
    expect(of({ status: 'suspended' })).toEqual(['g']);
    expect(of({ status: 'active' })).toEqual(['f', 'h']);
    expect(of({ status: 'expired' })).toEqual(['i']);
    expect(of({ status: 'active', scope: 'profile:read' })).toEqual(['f']);
    expect(scoped.map((t) => tokenStatus(t, now))).toEqual(['active', 'suspended', 'active', 'expired']);
  });

  it("offers the scopes the tokens hold, in the vocabulary's order", () => {
    expect(scopesInUse(scoped)).toEqual(full);
    const write = token('w', { scopes: ['tokens:write'] });
    expect(scopesInUse([write, scoped[1]!])).toEqual(['profile:read', 'tokens:write']);
    expect(scopesInUse([])).toEqual([]);
  });

  it('sorts both ways, with never-expiring and never-used tokens last', () => {
    expect(ids({ sort: 'created-asc' })).toEqual(['e', 'c', 'a', 'b', 'd']);
    expect(ids({ sort: 'expires-asc' })).toEqual(['c', 'e', 'd', 'a', 'b']);
    expect(ids({ sort: 'expires-desc' })).toEqual(['a', 'd', 'e', 'c', 'b']);
    expect(ids({ sort: 'used-desc' })).toEqual(['a', 'c', 'd', 'b', 'e']);
    expect(ids({ sort: 'used-asc' })).toEqual(['c', 'a', 'd', 'b', 'e']);
  });

  it('round-trips through the address bar, leaving defaults out and ignoring unknown values', () => {
    const view = { search: 'ci', status: 'suspended', scope: 'tokens:write', sort: 'used-asc' } as const;
    const params = paramsForView(view, new URLSearchParams('x=1'));
    expect(params.toString()).toBe('x=1&q=ci&status=suspended&scope=tokens%3Awrite&sort=used-asc');
    expect(viewFromParams(params)).toEqual(view);
    expect(paramsForView({ search: '', status: 'all', scope: '', sort: 'created-desc' }, params).toString()).toBe(
      'x=1',
    );
    expect(viewFromParams(new URLSearchParams('status=bogus&sort=nope&scope=<b>'))).toEqual({
      search: '',
      status: 'all',
      scope: '',
      sort: 'created-desc',
    });
  });

  it('sends focus after a delete to the next row, else the previous, else nowhere', () => {
    const rows = [{ id: '1' }, { id: '2' }, { id: '3' }];
    expect(neighbourOf(rows, '2')).toBe('3');
    expect(neighbourOf(rows, '3')).toBe('2');
    expect(neighbourOf([{ id: '1' }], '1')).toBeNull();
  });
});
