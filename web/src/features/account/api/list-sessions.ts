import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { accountKeys } from './keys';
import type { UserSessionList } from './types';

/** A user's live browser sessions (`me`, or anyone's for an administrator), most recently active first. */
export const listSessions = (userId: string, signal?: AbortSignal) =>
  apiRequest<UserSessionList>(`/api/users/${encodeURIComponent(userId)}/sessions`, { signal });

export const sessionsQueryOptions = (userId: string) =>
  queryOptions({ queryKey: accountKeys.sessions(userId), queryFn: ({ signal }) => listSessions(userId, signal) });

export const useSessions = (userId: string) => useQuery(sessionsQueryOptions(userId));
