import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { settingsKeys } from './keys';
import type { BootstrapTokenStatus } from './types';

/** Administrators only. */
export const getBootstrapToken = (signal?: AbortSignal) =>
  apiRequest<BootstrapTokenStatus>('/api/settings/bootstrap-token', { signal });

export const bootstrapTokenQueryOptions = () =>
  queryOptions({ queryKey: settingsKeys.bootstrapToken(), queryFn: ({ signal }) => getBootstrapToken(signal) });

export const useBootstrapToken = () => useQuery(bootstrapTokenQueryOptions());
