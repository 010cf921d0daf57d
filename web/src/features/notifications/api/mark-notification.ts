import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '../../../components/ui/toast';
import { apiRequest, errorMessage } from '../../../lib/api-client';
import { notificationKeys } from './keys';
import { NOTIFICATIONS_PATH } from './list-notifications';
import type { Notification } from './types';

export const markNotification = (id: string, read: boolean) =>
  apiRequest<Notification>(`${NOTIFICATIONS_PATH}/${encodeURIComponent(id)}`, { method: 'PATCH', body: { read } });

export const useMarkNotification = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, read }: { id: string; read: boolean }) => markNotification(id, read),
    onError: (error, { read }) =>
      toast.error(`The notification could not be marked as ${read ? 'read' : 'unread'}: ${errorMessage(error)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
};
