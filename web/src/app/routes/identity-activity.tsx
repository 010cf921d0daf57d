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
      <div className="page-header">
        <div>
          <h1>Activity</h1>
          <p className="muted">
            Who signed in, changed a user, or created, used, regenerated or deleted a token: when, and from where.
          </p>
        </div>
      </div>
      <ActivityPanel scope={{ kind: 'organisation' }} title="Events" />
    </div>
  );
}
