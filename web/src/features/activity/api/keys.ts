import { ACTIVITY_QUERY_KEY } from '../../../lib/query-client';
import type { ActivityFilters, ActivityScope } from './types';

/** Every activity query key is built here. */
export const activityKeys = {
  all: ACTIVITY_QUERY_KEY,
  list: (scope: ActivityScope, filters: ActivityFilters) => [...activityKeys.all, scope, filters] as const,
};
