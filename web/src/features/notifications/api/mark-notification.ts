import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { notificationKeys } from './keys';
import { NOTIFICATIONS_PATH } from './list-notifications';
import type { Notification } from './types';

export const markNotification = (id: string, read: boolean) =>
  apiRequest<Notification>(`${NOTIFICATIONS_PATH}/${encodeURIComponent(id)}`, { method: 'PATCH', body: { read } });

export const useMarkNotification = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, read }: { id: string; read: boolean }) => markNotification(id, read),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
};
