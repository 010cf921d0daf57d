import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { applicationCredentialKeys } from './keys';
import { credentialsPath } from './paths';
import type { ApplicationCredentialList } from './types';

export const listApplicationCredentials = (userId: string, signal?: AbortSignal) =>
  apiRequest<ApplicationCredentialList>(credentialsPath(userId), { signal });

export const applicationCredentialsQueryOptions = (userId: string) =>
  queryOptions({
    queryKey: applicationCredentialKeys.list(userId),
    queryFn: ({ signal }) => listApplicationCredentials(userId, signal),
  });

export const useApplicationCredentials = (userId: string, enabled = true) =>
  useQuery({ ...applicationCredentialsQueryOptions(userId), enabled });
