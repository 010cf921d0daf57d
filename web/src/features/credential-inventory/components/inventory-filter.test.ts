import { describe, expect, it } from 'vitest';
import { awaitingChange } from '../api/list-inventory';
import type { InventoryToken } from '../api/types';
import {
  CLIENT_INVENTORY,
  EMPTY_FILTER,
  TOKEN_SORTS,
  apiFilter,
  apiQuery,
  countLabel,
  describeFilter,
  filterFromParams,
  hasFilter,
  sortFromParams,
  withParam,
} from './inventory-filter';

describe('inventory filter', () => {
  it('reads the address bar, dropping what is malformed', () => {
    const f = filterFromParams(
      new URLSearchParams(
        'owner=bob&status=revoked&scope=tokens:read&neverExpires=true&expiresBefore=2027-01-31' +
          '&createdBefore=yesterday&unusedForDays=90&search=ci&sort=-owner',
      ),
    );
    expect(f).toEqual({
      ...EMPTY_FILTER,
      owner: 'bob',
      status: 'revoked',
      scope: 'tokens:read',
      neverExpires: 'true',
      expiresBefore: '2027-01-31',
      unusedForDays: '90',
      search: 'ci',
    });
    expect(filterFromParams(new URLSearchParams('status=gone&scope=x&unusedForDays=-1'))).toEqual(EMPTY_FILTER);
    expect(sortFromParams(new URLSearchParams('sort=-owner'), TOKEN_SORTS)).toBe('-owner');
    expect(sortFromParams(new URLSearchParams('sort=bad'), TOKEN_SORTS)).toBe('-created');
  });

  it('reads only what the inventory filters on: the clients’ page drops a token scope and status=revoked', () => {
    const params = new URLSearchParams('owner=bob&status=revoked&scope=tokens:read');
    expect(filterFromParams(params, CLIENT_INVENTORY)).toEqual({ ...EMPTY_FILTER, owner: 'bob' });
    expect(apiQuery(filterFromParams(params, CLIENT_INVENTORY), '-created', null, 50).toString()).toBe(
      'owner=bob&sort=-created&limit=50',
    );
    expect(filterFromParams(new URLSearchParams('status=suspended'), CLIENT_INVENTORY).status).toBe('suspended');
  });

  it('reads a page again while it shows a revoked token that may be undone or is about to be deleted', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const revokedUntil = (undoUntil: string) => ({ id: 't', revocation: { undoUntil } }) as unknown as InventoryToken;
    const active = { id: 'a', revocation: null } as unknown as InventoryToken;
    expect(awaitingChange([active], now)).toBe(false);
    expect(awaitingChange([active, revokedUntil('2026-12-01T12:05:00Z')], now)).toBe(true);
    expect(awaitingChange([revokedUntil('2026-12-01T11:59:00Z')], now)).toBe(true);
    expect(awaitingChange([revokedUntil('2026-12-01T11:50:00Z')], now)).toBe(false);
  });

  it('writes one parameter, removing it when empty', () => {
    const base = new URLSearchParams('owner=bob&status=active');
    expect(withParam(base, 'status', '').toString()).toBe('owner=bob');
    expect(withParam(base, 'search', 'x y').toString()).toBe('owner=bob&status=active&search=x+y');
  });

  it('turns the filter into the API’s filter: typed values, days as local midnight, nothing unset', () => {
    const f = { ...EMPTY_FILTER, owner: ' bob ', neverExpires: 'false' as const, unusedForDays: '90' };
    expect(apiFilter(f)).toEqual({ owner: 'bob', neverExpires: false, unusedForDays: 90 });
    expect(apiFilter({ ...EMPTY_FILTER, createdBefore: '2026-01-02' }).createdBefore).toBe(
      new Date(2026, 0, 2).toISOString(),
    );
    expect(apiFilter({ ...EMPTY_FILTER, unusedForDays: '0' })).toEqual({});
    expect(hasFilter(EMPTY_FILTER)).toBe(false);
    expect(hasFilter(f)).toBe(true);
    expect(apiQuery(f, '-lastUsed', 'c1', 50).toString()).toBe(
      'owner=bob&neverExpires=false&unusedForDays=90&sort=-lastUsed&limit=50&cursor=c1',
    );
  });

  it('says the filter and the count in words', () => {
    expect(describeFilter({ ...EMPTY_FILTER, neverExpires: 'true', unusedForDays: '90' })).toEqual([
      'Never expires',
      'Unused for 90 days or more',
    ]);
    expect(countLabel(1, false, ['token', 'tokens'])).toBe('1 token');
    expect(countLabel(1234, false, ['token', 'tokens'])).toBe('1,234 tokens');
    expect(countLabel(10000, true, ['token', 'tokens'])).toBe('More than 10,000 tokens');
    expect(countLabel(1, false, ['token', 'tokens'], true)).toBe('1 token matches');
    expect(countLabel(2, false, ['token', 'tokens'], true)).toBe('2 tokens match');
  });
});
