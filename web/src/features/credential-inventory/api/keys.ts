import { INVENTORY_QUERY_KEY } from '../../../lib/query-client';

/** Every query key of the inventories, built here so mutations invalidate exactly what they change. */
export const inventoryKeys = {
  all: INVENTORY_QUERY_KEY,
  tokens: () => [...inventoryKeys.all, 'auth-tokens'] as const,
  tokenPage: (query: string) => [...inventoryKeys.tokens(), query] as const,
  clients: () => [...inventoryKeys.all, 'oauth2-clients'] as const,
  clientPage: (query: string) => [...inventoryKeys.clients(), query] as const,
  revocations: () => [...inventoryKeys.all, 'revocations'] as const,
  /** The clients of the last 7 days of one credential, for a row's Suspend or Delete confirmation. */
  impact: (kind: 'token' | 'client', ownerId: string, id: string) =>
    [...inventoryKeys.all, 'impact', kind, ownerId, id] as const,
};
