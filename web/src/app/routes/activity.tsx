import { useParams } from 'react-router';
import { ActivityPanel } from '../../features/activity/components/ActivityPanel';

/** User Settings → Activity (`me`) and a user's Activity on their details page. */
export function Component() {
  const { userId = 'me' } = useParams();
  return (
    <>
      <title>Activity · Tessera</title>
      <ActivityPanel scope={{ kind: 'user', userId }} />
    </>
  );
}
