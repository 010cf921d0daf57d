import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountKeys } from './keys';
import type { Person } from './types';

/**
 * The owner choice lists enabled people (locked ones too), the first 100 by username; `GET /api/users` is for
 * administrators, so only they get a choice of people.
 */
export const listPeople = async (signal?: AbortSignal): Promise<Person[]> =>
  (await apiRequest<{ users: (Person & { disabled: boolean })[] }>('/api/users?limit=100', { signal })).users
    .filter((u) => !u.disabled)
    .map(({ id, username, displayName }) => ({ id, username, displayName }));

export const peopleQueryOptions = () =>
  queryOptions({ queryKey: serviceAccountKeys.people(), queryFn: ({ signal }) => listPeople(signal) });

export const usePeople = (enabled: boolean) => useQuery({ ...peopleQueryOptions(), enabled });
