import { useParams } from 'react-router';
import { UserProjectsSection } from '../../features/projects/components/UserProjectsSection';
import { useUser } from '../../features/users/api/get-user';
import { useCurrentUser } from '../session';

/** User Settings → Projects (`me`) and a user's Projects on their details page (with links to each project). */
export function Component() {
  const { userId = 'me' } = useParams();
  const me = useCurrentUser();
  const user = useUser(userId);
  return (
    <>
      <title>Projects · Tessera</title>
      <UserProjectsSection
        userId={userId}
        userName={user.data ? user.data.displayName || user.data.username : undefined}
        linkToProjects={me.role === 'admin'}
      />
    </>
  );
}
