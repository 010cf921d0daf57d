import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mfaKeys, mfaPath } from './keys';
import type { MfaStatus } from './types';

export const getMfaStatus = (userId: string, signal?: AbortSignal) =>
  apiRequest<MfaStatus>(mfaPath(userId), { signal });

export const mfaStatusQueryOptions = (userId: string) =>
  queryOptions({ queryKey: mfaKeys.status(userId), queryFn: ({ signal }) => getMfaStatus(userId, signal) });

export const useMfaStatus = (userId: string) => useQuery(mfaStatusQueryOptions(userId));
