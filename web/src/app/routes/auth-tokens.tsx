import { useParams } from 'react-router';
import { useCurrentUser } from '../session';
import { AuthTokensPanel } from '../../features/auth-tokens/components/AuthTokensPanel';
import { useOwnerIsAdmin } from './owner-role';

/** The same panel for User Settings (`me`) and for a user's details page. */
export function Component() {
  const { userId = 'me' } = useParams();
  const me = useCurrentUser();
  const ownerIsAdmin = useOwnerIsAdmin(userId);
  return (
    <>
      <title>Auth Tokens · Tessera</title>
      <AuthTokensPanel userId={userId} viewerId={me.id} ownerIsAdmin={ownerIsAdmin} />
    </>
  );
}
