import type { QueryClient } from '@tanstack/react-query';
import { readBootstrap, type Bootstrap } from '../lib/bootstrap';
import { featureFlagKeys } from '../lib/feature-flags';
import { sessionKeys } from '../features/session/api/get-session';
import type { Session } from '../features/session/api/types';
import { userKeys } from '../features/users/api/keys';

/**
 * Puts what the server inlined into the page (lib/bootstrap) where the queries look for it, so the first screen
 * asks the API only for its own data: the session, your own user (GET /api/users/me answers the same presenter)
 * and the deployment's features are already known.
 */
export function seedFromBootstrap(client: QueryClient, data: Bootstrap<Session> | undefined = readBootstrap()): void {
  if (!data) return;
  client.setQueryData(sessionKeys.current(), data.session);
  // Without the ways of signing in (an older page), GET /api/features answers both.
  if (data.signIn) client.setQueryData(featureFlagKeys.all, { features: data.features, signIn: data.signIn });
  if (data.session) client.setQueryData(userKeys.detail('me'), data.session.user);
}
