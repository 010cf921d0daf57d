import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { clientsPath } from './paths';
import type { CreateOAuth2ClientBody, NewOAuth2Client } from './types';

export const createOAuth2Client = (userId: string, input: CreateOAuth2ClientBody) =>
  apiRequest<NewOAuth2Client>(clientsPath(userId), { method: 'POST', body: input });

/** The answer carries the secret: the caller moves it into dialog state and resets this mutation (gcTime 0). */
export const useCreateOAuth2Client = (userId: string) =>
  useMutation({
    mutationKey: CREATE_OAUTH2_CLIENT_KEY,
    mutationFn: (input: CreateOAuth2ClientBody) => createOAuth2Client(userId, input),
    gcTime: 0,
  });

/** While one runs, the Generate dialog stays open: its answer holds the only copy of the secret. */
export const CREATE_OAUTH2_CLIENT_KEY = ['create-oauth2-client'] as const;
