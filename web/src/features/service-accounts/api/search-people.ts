import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountKeys } from './keys';
import type { PersonPage } from './types';

/** How many people the owner choice lists at once: typing more of a name narrows them. */
export const OWNER_CHOICES = 10;
/** The API's longest search. */
const MAX_SEARCH = 128;

/**
 * The enabled people (locked ones too) whose username or display name contains `search`, the first by username;
 * `GET /api/users` is for administrators, so only they get a choice of people.
 */
export const searchPeople = (search: string, signal?: AbortSignal): Promise<PersonPage> => {
  const q = new URLSearchParams({ kind: 'person', status: 'enabled', limit: String(OWNER_CHOICES) });
  if (search) q.set('search', search.slice(0, MAX_SEARCH));
  return apiRequest<PersonPage>(`/api/users?${q.toString()}`, { signal });
};

export const peopleSearchQueryOptions = (search: string) =>
  queryOptions({
    queryKey: serviceAccountKeys.people(search),
    queryFn: ({ signal }) => searchPeople(search, signal),
    // The last matches stay listed while the next search runs, so the list does not flicker with each keystroke.
    placeholderData: keepPreviousData,
  });

export const usePeopleSearch = (search: string) => useQuery(peopleSearchQueryOptions(search));
