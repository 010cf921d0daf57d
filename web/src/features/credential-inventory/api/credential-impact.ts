import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { components } from '../../../lib/api-types';
import { inventoryKeys } from './keys';

type CredentialClientList = components['schemas']['CredentialClientList'];

const RESOURCE = { token: 'auth-tokens', client: 'oauth2-client-credentials' } as const;

/** The clients of the last 7 days of a credential in the inventory, under its owner's path. */
export const credentialImpact = (kind: 'token' | 'client', ownerId: string, id: string, signal?: AbortSignal) =>
  apiRequest<CredentialClientList>(
    `/api/users/${encodeURIComponent(ownerId)}/${RESOURCE[kind]}/${encodeURIComponent(id)}/clients?sinceDays=7`,
    { signal },
  );

/** For a confirmation: read afresh each time it opens, and one failure is final (it must not keep the user waiting). */
export const useCredentialImpact = (kind: 'token' | 'client', ownerId: string, id: string) =>
  useQuery({
    queryKey: inventoryKeys.impact(kind, ownerId, id),
    queryFn: ({ signal }) => credentialImpact(kind, ownerId, id, signal),
    retry: false,
    staleTime: 0,
  });
