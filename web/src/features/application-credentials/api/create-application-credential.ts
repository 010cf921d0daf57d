import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { credentialsPath } from './paths';
import type { CreateApplicationCredentialBody, NewApplicationCredential } from './types';

export const createApplicationCredential = (userId: string, input: CreateApplicationCredentialBody) =>
  apiRequest<NewApplicationCredential>(credentialsPath(userId), { method: 'POST', body: input });

/** The answer carries the secret: the caller moves it into dialog state and resets this mutation (gcTime 0). */
export const useCreateApplicationCredential = (userId: string) =>
  useMutation({
    mutationKey: CREATE_APPLICATION_CREDENTIAL_KEY,
    mutationFn: (input: CreateApplicationCredentialBody) => createApplicationCredential(userId, input),
    gcTime: 0,
  });

/** While one runs, the Create dialog stays open: its answer holds the only copy of the secret. */
export const CREATE_APPLICATION_CREDENTIAL_KEY = ['create-application-credential'] as const;
