import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';
import type { NotificationPage } from './types';

export const NOTIFICATIONS_PATH = '/api/users/me/notifications';

/** The newest notifications and the unread count: the bell shows the count, its menu the items. */
export const listNotifications = (signal?: AbortSignal) =>
  apiRequest<NotificationPage>(`${NOTIFICATIONS_PATH}?limit=20`, { signal });

// A notice comes from a job or another person's change: looked for again every minute and on return to the tab.
export const notificationsQueryOptions = () =>
  queryOptions({
    queryKey: notificationKeys.latest(),
    queryFn: ({ signal }) => listNotifications(signal),
    refetchInterval: 60_000,
  });

export const useNotifications = () => useQuery(notificationsQueryOptions());
