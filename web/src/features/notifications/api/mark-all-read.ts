import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';
import { NOTIFICATIONS_PATH } from './list-notifications';

export const markAllNotificationsRead = () =>
  apiRequest<{ marked: number }>(`${NOTIFICATIONS_PATH}/read`, { method: 'POST' });

export const useMarkAllNotificationsRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
};
