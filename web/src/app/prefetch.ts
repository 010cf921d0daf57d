import type { FetchQueryOptions } from '@tanstack/react-query';
import { createQueryClient } from '../lib/query-client';
import { sessionQueryOptions } from '../features/session/api/get-session';
import { seedFromBootstrap } from './bootstrap';

/** The app's one query client: the provider hands it to components, route loaders use it to start fetching early. */
export const queryClient = createQueryClient();
seedFromBootstrap(queryClient);

/**
 * A route loader that starts fetching what the page will ask for, while its code is still loading, instead of after
 * the page (and, on a deep link, every page above it) has rendered. It never waits or fails: the page's own query
 * picks up the request in flight, and shows errors as it always does. Nothing is fetched without a session.
 */
export const prefetchLoader =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query's options, whatever its data type
  (...queries: ((params: Record<string, string | undefined>) => FetchQueryOptions<any, any, any, any>)[]) =>
    ({ params }: { params: Record<string, string | undefined> }) => {
      queryClient.ensureQueryData(sessionQueryOptions()).then(
        (session) => {
          if (session) for (const q of queries) void queryClient.prefetchQuery(q(params));
        },
        () => undefined,
      );
      return null;
    };
