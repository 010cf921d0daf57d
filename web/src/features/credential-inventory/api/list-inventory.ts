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

// The page on screen stays while the next one (or a changed filter's first) loads.
export const tokenInventoryQueryOptions = (query: string) =>
  queryOptions({
    queryKey: inventoryKeys.tokenPage(query),
    queryFn: ({ signal }) => getInventoryPage<InventoryToken>(TOKENS_PATH, query, signal),
    placeholderData: keepPreviousData,
  });

export const clientInventoryQueryOptions = (query: string) =>
  queryOptions({
    queryKey: inventoryKeys.clientPage(query),
    queryFn: ({ signal }) => getInventoryPage<InventoryClient>(CLIENTS_PATH, query, signal),
    placeholderData: keepPreviousData,
  });

export const useTokenInventory = (query: string) => useQuery(tokenInventoryQueryOptions(query));
export const useClientInventory = (query: string) => useQuery(clientInventoryQueryOptions(query));
