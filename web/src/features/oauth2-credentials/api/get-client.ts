import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { OAuth2Client } from './types';

export const getOAuth2Client = (userId: string, clientId: string, signal?: AbortSignal) =>
  apiRequest<OAuth2Client>(clientsPath(userId, clientId), { signal });

export const oauth2ClientQueryOptions = (userId: string, clientId: string) =>
  queryOptions({
    queryKey: oauth2ClientKeys.detail(userId, clientId),
    queryFn: ({ signal }) => getOAuth2Client(userId, clientId, signal),
  });

export const useOAuth2Client = (userId: string, clientId: string) =>
  useQuery(oauth2ClientQueryOptions(userId, clientId));
