import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { SESSION_QUERY_KEY } from '../../../lib/query-client';
import type { Session } from './types';

export const sessionKeys = { current: () => SESSION_QUERY_KEY };

/** The signed-in session, or null when there is none (401 is an answer here, not an error). */
export async function getSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await apiRequest<Session>('/api/session', { signal });
  } catch (e) {
    if (isApiError(e, 401)) return null;
    throw e;
  }
}

export const sessionQueryOptions = () =>
  queryOptions({ queryKey: sessionKeys.current(), queryFn: ({ signal }) => getSession(signal), staleTime: 60_000 });

export const useSession = () => useQuery(sessionQueryOptions());
