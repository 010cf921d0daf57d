import { useSession } from '../features/session/api/get-session';

/**
 * The signed-in user, for the app's frame and routes (rendered under RequireSession). Features do not read the
 * session: a route hands them what they need of it (e.g. `viewerId`), so no feature depends on another.
 */
export function useCurrentUser() {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser needs a signed-in session');
  return data.user;
}
