import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { UnlockResult } from './types';

/** Lifts the temporary sign-in lockout that repeated failures put on a user (audited as user.unlock). */
export const unlockUser = (userId: string) =>
  apiRequest<UnlockResult>(`/api/users/${encodeURIComponent(userId)}/unlock`, { method: 'POST' });

/** Changes nothing on screen but the activity lists, which every successful change refreshes (lib/query-client). */
export const useUnlockUser = (userId: string) => useMutation({ mutationFn: () => unlockUser(userId) });
