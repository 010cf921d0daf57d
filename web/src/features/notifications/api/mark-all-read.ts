import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '../../../components/ui/toast';
import { apiRequest, errorMessage } from '../../../lib/api-client';
import { notificationKeys } from './keys';
import { NOTIFICATIONS_PATH } from './list-notifications';

export const markAllNotificationsRead = () =>
  apiRequest<{ marked: number }>(`${NOTIFICATIONS_PATH}/read`, { method: 'POST' });

export const useMarkAllNotificationsRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onError: (error) => toast.error(`The notifications could not be marked as read: ${errorMessage(error)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
};
