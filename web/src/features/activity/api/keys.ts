import type { ActivityFilters, ActivityScope } from './types';

/** Every activity query key is built here. */
export const activityKeys = {
  all: ['activity'] as const,
  list: (scope: ActivityScope, filters: ActivityFilters) => [...activityKeys.all, scope, filters] as const,
};
