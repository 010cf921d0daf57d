import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { activityKeys } from './keys';
import { activityPath } from './paths';
import type { ActivityFilters, ActivityPage, ActivityScope } from './types';

export const listActivity = (
  scope: ActivityScope,
  filters: ActivityFilters,
  cursor: string | null,
  signal?: AbortSignal,
) => apiRequest<ActivityPage>(activityPath(scope, filters, { cursor }), { signal });

export const activityQueryOptions = (scope: ActivityScope, filters: ActivityFilters) =>
  infiniteQueryOptions({
    queryKey: activityKeys.list(scope, filters),
    queryFn: ({ pageParam, signal }) => listActivity(scope, filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useActivity = (scope: ActivityScope, filters: ActivityFilters) =>
  useInfiniteQuery(activityQueryOptions(scope, filters));
