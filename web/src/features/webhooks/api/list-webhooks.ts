import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { webhookKeys, webhooksPath } from './keys';
import type { Webhook, WebhookList } from './types';

export const listWebhooks = (signal?: AbortSignal) => apiRequest<WebhookList>(webhooksPath(), { signal });

export const webhooksQueryOptions = () =>
  queryOptions({ queryKey: webhookKeys.list(), queryFn: ({ signal }) => listWebhooks(signal) });

export const useWebhooks = () => useQuery(webhooksQueryOptions());

export const getWebhook = (id: string, signal?: AbortSignal) => apiRequest<Webhook>(webhooksPath(id), { signal });

export const webhookQueryOptions = (id: string) =>
  queryOptions({ queryKey: webhookKeys.detail(id), queryFn: ({ signal }) => getWebhook(id, signal) });

export const useWebhook = (id: string) => useQuery(webhookQueryOptions(id));
