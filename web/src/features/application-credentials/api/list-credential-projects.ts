import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { applicationCredentialKeys } from './keys';
import { credentialsPath } from './paths';
import type { CredentialProjects } from './types';

export const listCredentialProjects = (userId: string, signal?: AbortSignal) =>
  apiRequest<CredentialProjects>(`${credentialsPath(userId)}/projects`, { signal });

export const credentialProjectsQueryOptions = (userId: string) =>
  queryOptions({
    queryKey: applicationCredentialKeys.projects(userId),
    queryFn: ({ signal }) => listCredentialProjects(userId, signal),
  });

export const useCredentialProjects = (userId: string) => useQuery(credentialProjectsQueryOptions(userId));
