import { useQuery } from '@tanstack/react-query';
import { userQueryOptions } from '../../features/users/api/get-user';
import { useCurrentUser } from '../session';

/**
 * Whether the owner of the credentials on this page is an administrator (their credentials may hold the
 * administrators' scopes): yourself from the session, anyone else from their user, which their page has loaded.
 */
export function useOwnerIsAdmin(userId: string): boolean {
  const me = useCurrentUser();
  const own = userId === 'me' || userId === me.id;
  const owner = useQuery({ ...userQueryOptions(userId), enabled: !own });
  return own ? me.role === 'admin' : owner.data?.role === 'admin';
}
