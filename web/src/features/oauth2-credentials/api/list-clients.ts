import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { OAuth2ClientList } from './types';

export const listOAuth2Clients = (userId: string, signal?: AbortSignal) =>
  apiRequest<OAuth2ClientList>(clientsPath(userId), { signal });

export const oauth2ClientsQueryOptions = (userId: string) =>
  queryOptions({ queryKey: oauth2ClientKeys.list(userId), queryFn: ({ signal }) => listOAuth2Clients(userId, signal) });

export const useOAuth2Clients = (userId: string, enabled = true) =>
  useQuery({ ...oauth2ClientsQueryOptions(userId), enabled });
