import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { webhookKeys, webhooksPath } from './keys';
import type { CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookWithSecret } from './types';

export const createWebhook = (body: CreateWebhookBody) =>
  apiRequest<WebhookWithSecret>(webhooksPath(), { method: 'POST', body });

export const updateWebhook = ({ id, ...body }: UpdateWebhookBody & { id: string }) =>
  apiRequest<Webhook>(webhooksPath(id), { method: 'PATCH', body });

export const deleteWebhook = (id: string) => apiRequest<void>(webhooksPath(id), { method: 'DELETE' });

export const rotateWebhookSecret = (id: string) =>
  apiRequest<WebhookWithSecret>(webhooksPath(id, '/rotate-secret'), { method: 'POST' });

/**
 * The answer carries the secret, so the caller moves it into dialog state; gcTime 0 drops the finished mutation from
 * the cache at once, and the list is invalidated (refetched without the secret), never patched with the answer.
 */
export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWebhook,
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}

/** As create: the new secret is for the reveal dialog only. */
export function useRotateWebhookSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateWebhookSecret,
    gcTime: 0,
    onSuccess: (_w, id) => queryClient.invalidateQueries({ queryKey: webhookKeys.detail(id) }),
  });
}

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateWebhook,
    onSuccess: (saved) => {
      queryClient.setQueryData(webhookKeys.detail(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
    },
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWebhook,
    onSuccess: (_v, id) => {
      queryClient.removeQueries({ queryKey: webhookKeys.detail(id) });
      queryClient.removeQueries({ queryKey: webhookKeys.deliveries(id) });
      return queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
    },
  });
}
