import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountKeys } from './keys';
import type { ServiceAccount } from './types';

export const serviceAccountPath = (id: string) => `/api/service-accounts/${encodeURIComponent(id)}`;

/** Administrators and its owner; anyone else gets 404. */
export const getServiceAccount = (id: string, signal?: AbortSignal) =>
  apiRequest<ServiceAccount>(serviceAccountPath(id), { signal });

export const serviceAccountQueryOptions = (id: string) =>
  queryOptions({ queryKey: serviceAccountKeys.detail(id), queryFn: ({ signal }) => getServiceAccount(id, signal) });

export const useServiceAccount = (id: string) => useQuery(serviceAccountQueryOptions(id));
