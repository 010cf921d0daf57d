import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { webhookKeys, webhooksPath } from './keys';
import type { WebhookDelivery, WebhookDeliveryPage } from './types';

const PAGE = 25;

export const listDeliveries = (id: string, cursor: string | null, signal?: AbortSignal) =>
  apiRequest<WebhookDeliveryPage>(
    webhooksPath(id, `/deliveries?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    { signal },
  );

/** The log, page by page; while a delivery is pending it is read again every 2 s, so its outcome shows by itself. */
export const deliveriesQueryOptions = (id: string) =>
  infiniteQueryOptions({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ pageParam, signal }) => listDeliveries(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? 2_000 : false,
  });

export const useDeliveries = (id: string) => useInfiniteQuery(deliveriesQueryOptions(id));

export const redeliver = ({ id, deliveryId }: { id: string; deliveryId: string }) =>
  apiRequest<WebhookDelivery>(webhooksPath(id, `/deliveries/${encodeURIComponent(deliveryId)}/redeliver`), {
    method: 'POST',
  });

export const sendTest = (id: string) => apiRequest<WebhookDelivery>(webhooksPath(id, '/test'), { method: 'POST' });

export function useRedeliver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: redeliver,
    onSuccess: (_d, { id }) => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}

export function useSendTest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendTest,
    onSuccess: (_d, id) => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}
