import { useParams } from 'react-router';
import { SessionsSection } from '../../features/account/components/SessionsSection';
import { useUser } from '../../features/users/api/get-user';

/** Identity → Users → a user → Sessions: an administrator sees where the user is signed in and ends it. */
export function Component() {
  const { userId = '' } = useParams();
  const user = useUser(userId);
  return (
    <>
      <title>Sessions · Tessera</title>
      <SessionsSection userId={userId} userName={user.data ? user.data.displayName || user.data.username : undefined} />
    </>
  );
}
