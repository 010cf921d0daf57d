import { useLocation, useParams, useResolvedPath } from 'react-router';
import { useCurrentUser } from '../session';
import { useUser } from '../../features/users/api/get-user';
import { CredentialActivity } from '../../features/activity/components/CredentialActivity';
import { ClientDetails } from '../../features/oauth2-credentials/components/ClientDetails';
import type { DetailsBack } from './auth-token-details';

/** …/oauth2-credentials/:clientId under User Settings (`me`) or a user's page: one client credential's details. */
export function Component() {
  const { userId = 'me', clientId = '' } = useParams();
  const me = useCurrentUser();
  // The layout above has loaded the owner before this renders.
  const owner = useUser(userId).data;
  const state = useLocation().state as DetailsBack | null;
  // The list this page sits under, whichever page that is (User Settings, a user's, a service account's).
  const listPath = useResolvedPath('..', { relative: 'path' }).pathname;
  if (!owner) return null;
  return (
    <>
      <title>OAuth 2.0 client credential · Tessera</title>
      <ClientDetails
        userId={userId}
        clientId={clientId}
        owner={owner}
        viewerId={me.id}
        back={state?.back ?? { to: listPath, label: 'OAuth 2.0 client credentials' }}
        activity={<CredentialActivity userId={userId} credentialId={clientId} noun="client credential" />}
      />
    </>
  );
}
