import { describe, expect, it } from 'vitest';
import type { PersonPage } from '../api/types';
import { ADMINISTRATORS } from './service-account-schemas';
import { ownerOptions, ownerSearchStatus, personLabel } from './owner-options';

const ann = { id: 'u-ann', username: 'ann', displayName: 'Ann Lee' };
const bob = { id: 'u-bob', username: 'bob', displayName: 'bob' };
const page = (users: (typeof ann)[], total = users.length) =>
  ({ users, total, nextCursor: null }) as unknown as PersonPage;

describe('owner choices', () => {
  it('names a person by display name and username, or by username alone', () => {
    expect(personLabel(ann)).toBe('Ann Lee (ann)');
    expect(personLabel(bob)).toBe('bob');
    expect(personLabel({ ...bob, displayName: '' })).toBe('bob');
  });

  it('lists the administrators first while nothing or part of their name is typed, then the people found', () => {
    const admins = { value: ADMINISTRATORS, label: 'Administrators' };
    expect(ownerOptions([ann, bob], '')).toEqual([
      admins,
      { value: 'u-ann', label: 'Ann Lee (ann)' },
      { value: 'u-bob', label: 'bob' },
    ]);
    expect(ownerOptions([], ' ADMIN ')).toEqual([admins]);
    expect(ownerOptions([ann], 'ann')).toEqual([{ value: 'u-ann', label: 'Ann Lee (ann)' }]);
  });

  it('leaves out the current owner', () => {
    expect(ownerOptions([ann, bob], 'b', 'u-ann').map((o) => o.value)).toEqual(['u-bob']);
    expect(ownerOptions([ann, bob], '', null)).toHaveLength(3);
  });

  it('says when no people match, when more match than are listed, and while it searches', () => {
    expect(ownerSearchStatus(page([]), { pending: false })).toBe('No people match.');
    expect(ownerSearchStatus(page([]), { pending: true })).toBe('Searching people…');
    expect(ownerSearchStatus(undefined, { pending: true })).toBe('Searching people…');
    expect(ownerSearchStatus(page([ann, bob]), { pending: false })).toBe('');
    // The current owner is never listed: finding only them is finding no one.
    expect(ownerSearchStatus(page([ann]), { pending: false, exclude: 'u-ann' })).toBe('No people match.');
    expect(ownerSearchStatus(page([ann, bob], 240), { pending: false })).toBe(
      'The first 2 of 240 people: type more of a name to narrow them.',
    );
    expect(ownerSearchStatus(page([ann]), { pending: false, error: 'The server is unavailable.' })).toBe(
      'Could not search people: The server is unavailable.',
    );
  });
});
