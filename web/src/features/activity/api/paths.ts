import type { ActivityFilters, ActivityScope } from './types';

const base = (scope: ActivityScope) =>
  scope.kind === 'organisation' ? '/api/activity' : `/api/users/${encodeURIComponent(scope.userId)}/activity`;

/** The list URL with its filters; `format` turns it into a CSV or JSON download of every matching event. */
export function activityPath(
  scope: ActivityScope,
  filters: ActivityFilters,
  extra: { cursor?: string | null; format?: 'csv' | 'json' } = {},
): string {
  const q = new URLSearchParams();
  if (scope.kind === 'organisation' && filters.user) q.set('user', filters.user);
  if (scope.kind === 'user' && scope.tokenId) q.set('tokenId', scope.tokenId);
  if (filters.action) q.set('action', filters.action);
  if (filters.since) q.set('since', filters.since);
  if (filters.until) q.set('until', filters.until);
  if (extra.cursor) q.set('cursor', extra.cursor);
  if (extra.format) q.set('format', extra.format);
  const query = q.toString();
  return query ? `${base(scope)}?${query}` : base(scope);
}
