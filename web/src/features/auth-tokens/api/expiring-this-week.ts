import { queryOptions, useQuery } from '@tanstack/react-query';
import { expiringThisWeek } from '../components/expiring';
import { authTokenKeys } from './keys';
import { listAuthTokens } from './list-auth-tokens';

/** How many of the signed-in user's own tokens still work and expire within 7 days (the Overview's notice). */
export const expiringThisWeekQueryOptions = () =>
  queryOptions({
    queryKey: authTokenKeys.expiringThisWeek(),
    queryFn: ({ signal }) => listAuthTokens('me', signal),
    select: (list) => expiringThisWeek(list.items),
  });

export const useExpiringThisWeek = () => useQuery(expiringThisWeekQueryOptions());
