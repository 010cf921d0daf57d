import { useParams } from 'react-router';
import { useCurrentUser } from '../session';
import { OAuth2CredentialsPage } from '../../features/oauth2-credentials/OAuth2CredentialsPage';
import { useOwnerIsAdmin } from './owner-role';

export function Component() {
  const { userId = 'me' } = useParams();
  const me = useCurrentUser();
  const ownerIsAdmin = useOwnerIsAdmin(userId);
  return (
    <>
      <title>OAuth 2.0 client credentials · Tessera</title>
      <OAuth2CredentialsPage userId={userId} viewerId={me.id} ownerIsAdmin={ownerIsAdmin} />
    </>
  );
}
