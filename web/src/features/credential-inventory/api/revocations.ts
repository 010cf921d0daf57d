import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { inventoryKeys } from './keys';
import type {
  RevocationList,
  RevocationPreview,
  RevocationRequest,
  RevocationStarted,
  RevocationUndone,
} from './types';

const REVOCATIONS = '/api/auth-tokens/revocations';

/** The dry run: how many tokens the request would revoke, and a sample; nothing changes. */
export const previewRevocation = (body: RevocationRequest) =>
  apiRequest<RevocationPreview>(`${REVOCATIONS}?dryRun=true`, { method: 'POST', body });

export const startRevocation = (body: RevocationRequest) =>
  apiRequest<RevocationStarted>(REVOCATIONS, { method: 'POST', body });

export const undoRevocation = (id: string) =>
  apiRequest<RevocationUndone>(`${REVOCATIONS}/${encodeURIComponent(id)}/undo`, { method: 'POST' });

/** The most recent revocations (one page is plenty: the console shows the latest ten). */
export const listRevocations = async (signal?: AbortSignal) =>
  (await apiRequest<RevocationList>(`${REVOCATIONS}?limit=20`, { signal })).items;

export const usePreviewRevocation = () => useMutation({ mutationFn: previewRevocation });

/** Revoking or undoing changes the tokens' status everywhere: the inventories, the owners' lists, the history. */
function useInvalidateAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

export function useStartRevocation() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: startRevocation, onSuccess: invalidate });
}

export function useUndoRevocation() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: undoRevocation, onSuccess: invalidate });
}

export const revocationsQueryOptions = () =>
  queryOptions({
    queryKey: inventoryKeys.revocations(),
    queryFn: ({ signal }) => listRevocations(signal),
    // A pending revocation turns final when its window closes: look again while one is pending.
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'pending') ? 15_000 : false),
  });

export const useRevocations = () => useQuery(revocationsQueryOptions());
