import { Link } from 'react-router';
import { ActivityPanel } from '../../features/activity/components/ActivityPanel';

/** Identity → Activity: the whole organisation's security events. */
export function Component() {
  return (
    <div className="page">
      <title>Activity · Tessera</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          <li>
            <span aria-current="page">Activity</span>
          </li>
        </ol>
      </nav>
      <ActivityPanel
        scope={{ kind: 'organisation' }}
        title="Activity"
        level={1}
        description="Who signed in, changed a user, or created, used, regenerated or deleted a credential: when, and from where."
      />
    </div>
  );
}
