import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { inventoryKeys } from './keys';
import type { InventoryClient, InventoryPage, InventoryToken } from './types';

export const PAGE_SIZE = 50;

export const TOKENS_PATH = '/api/auth-tokens';
export const CLIENTS_PATH = '/api/oauth2-client-credentials';

/** One page of an inventory; `query` is the whole query string (filter, sort, cursor, limit). */
export const getInventoryPage = <T>(path: string, query: string, signal?: AbortSignal) =>
  apiRequest<InventoryPage<T>>(`${path}?${query}`, { signal });

/** How long after its undo window a revoked token may still be listed: the finalise job deletes it within 30 s. */
const DELETION_GRACE_MS = 120_000;

/**
 * A revoked row changes by itself: undone (by anyone) while its window is open, deleted soon after it closes. While
 * the page shows such a row it is read again every 15 s (as Recent revocations is while one is pending).
 */
export function awaitingChange(items: readonly InventoryToken[], now: number): boolean {
  return items.some((t) => t.revocation && Date.parse(t.revocation.undoUntil) + DELETION_GRACE_MS > now);
}

// The page on screen stays while the next one (or a changed filter's first) loads.
export const tokenInventoryQueryOptions = (query: string) =>
  queryOptions({
    queryKey: inventoryKeys.tokenPage(query),
    queryFn: ({ signal }) => getInventoryPage<InventoryToken>(TOKENS_PATH, query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (awaitingChange(q.state.data?.items ?? [], Date.now()) ? 15_000 : false),
  });

export const clientInventoryQueryOptions = (query: string) =>
  queryOptions({
    queryKey: inventoryKeys.clientPage(query),
    queryFn: ({ signal }) => getInventoryPage<InventoryClient>(CLIENTS_PATH, query, signal),
    placeholderData: keepPreviousData,
  });

export const useTokenInventory = (query: string) => useQuery(tokenInventoryQueryOptions(query));
export const useClientInventory = (query: string) => useQuery(clientInventoryQueryOptions(query));
