import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { tokensPath } from './paths';
import type { CreateAuthTokenBody, NewAuthToken } from './types';

export const createAuthToken = (userId: string, input: CreateAuthTokenBody) =>
  apiRequest<NewAuthToken>(tokensPath(userId), { method: 'POST', body: input });

/**
 * The answer carries the secret, so the caller moves it into dialog state and resets this mutation; gcTime 0 drops
 * the finished mutation from the cache at once, and the list is invalidated (never patched with setQueryData).
 */
export const useCreateAuthToken = (userId: string) =>
  useMutation({
    mutationKey: CREATE_AUTH_TOKEN_KEY,
    mutationFn: (input: CreateAuthTokenBody) => createAuthToken(userId, input),
    gcTime: 0,
  });

/** While one runs, the Generate dialog stays open: its answer holds the only copy of the secret. */
export const CREATE_AUTH_TOKEN_KEY = ['create-auth-token'] as const;
