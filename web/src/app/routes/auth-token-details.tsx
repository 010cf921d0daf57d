import { useLocation, useParams, useResolvedPath } from 'react-router';
import { useCurrentUser } from '../session';
import { useUser } from '../../features/users/api/get-user';
import { CredentialActivity } from '../../features/activity/components/CredentialActivity';
import { TokenDetails } from '../../features/auth-tokens/components/TokenDetails';

/** Where the details page's "back" leads when a row elsewhere (the inventory) opened it. */
export interface DetailsBack {
  back?: { to: string; label: string };
}

/** …/auth-tokens/:tokenId under User Settings (`me`) or a user's page: one token's details. */
export function Component() {
  const { userId = 'me', tokenId = '' } = useParams();
  const me = useCurrentUser();
  // The layout above has loaded the owner before this renders.
  const owner = useUser(userId).data;
  const state = useLocation().state as DetailsBack | null;
  // The list this page sits under, whichever page that is (User Settings, a user's, a service account's).
  const listPath = useResolvedPath('..', { relative: 'path' }).pathname;
  if (!owner) return null;
  return (
    <>
      <title>Auth token · Tessera</title>
      <TokenDetails
        userId={userId}
        tokenId={tokenId}
        owner={owner}
        viewerId={me.id}
        back={state?.back ?? { to: listPath, label: 'Auth Tokens' }}
        activity={<CredentialActivity userId={userId} credentialId={tokenId} noun="token" />}
      />
    </>
  );
}
