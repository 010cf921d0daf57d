import { useParams } from 'react-router';
import { Loading } from '../../components/ui/Feedback';
import { ApplicationCredentialsPage } from '../../features/application-credentials/ApplicationCredentialsPage';
import { useUser } from '../../features/users/api/get-user';
import { useCurrentUser } from '../session';

/** Resources → Application credentials, under User Settings (`me`) or a user's page (issue 21, point 3). */
export function Component() {
  const { userId = 'me' } = useParams();
  const me = useCurrentUser();
  // The page's layout has loaded the user already: this reads the cache.
  const owner = useUser(userId);
  return (
    <>
      <title>Application credentials · Tessera</title>
      {owner.data ? (
        <ApplicationCredentialsPage userId={userId} viewerId={me.id} owner={owner.data} />
      ) : (
        <Loading label="Loading application credentials…" />
      )}
    </>
  );
}
