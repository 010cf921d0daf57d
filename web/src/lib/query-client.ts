import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';
import { isReauthenticationCode } from './reauthentication';
import { sessionEnded } from './session-ended';

/** The session query's key lives here so the 401 handler below needs no feature import. */
export const SESSION_QUERY_KEY = ['session'] as const;
/** The root of every activity query's key, here so that any change can refresh the activity lists. */
export const ACTIVITY_QUERY_KEY = ['activity'] as const;
/** The root of both credential inventories' keys (Identity → Auth Tokens, OAuth 2.0 client credentials). */
export const INVENTORY_QUERY_KEY = ['credential-inventory'] as const;

export function createQueryClient(): QueryClient {
  // A 401 from any query or change while the console holds a session means the session ended (expired, signed out
  // elsewhere): the app says so and offers to sign in again, back to the same page.
  const onError = (error: unknown) => {
    // A step-up (asked, or cancelled) is a 401 from a session that is very much alive.
    if (isApiError(error, 401) && !isReauthenticationCode(error.code) && client.getQueryData(SESSION_QUERY_KEY))
      sessionEnded.mark();
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] !== SESSION_QUERY_KEY[0]) onError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError,
      onSuccess: () => {
        // Every change the console makes is an audit event: the activity lists are out of date after each.
        void client.invalidateQueries({ queryKey: ACTIVITY_QUERY_KEY });
        // Most change a credential somewhere (a token edited, suspended or deleted on a user's page, a user turned
        // off, the policy): the inventories' cached pages are read again when next shown, not kept for staleTime.
        // Not refetched now: an inventory on screen refreshes itself after its own actions, and a dry run or a
        // notification marked read there should not reload its page.
        return client.invalidateQueries({ queryKey: INVENTORY_QUERY_KEY, refetchType: 'none' });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors will not change on retry; network blips might.
        retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
