import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mfaPath } from './keys';
import type { TotpEnrolment } from './types';

/** A new secret for the app, shown in the set-up dialog only: kept out of the query cache (gcTime 0). */
export const startTotp = () => apiRequest<TotpEnrolment>(mfaPath('me', '/totp'), { method: 'POST' });

export const useStartTotp = () => useMutation({ mutationFn: startTotp, gcTime: 0 });
