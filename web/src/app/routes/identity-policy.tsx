import { Link } from 'react-router';
import { PolicyPanel } from '../../features/policy/components/PolicyPanel';

/** Identity → Policy: the lifecycle policy for every user's credentials. */
export function Component() {
  return (
    <div className="page">
      <title>Policy · Tessera</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          <li>
            <span aria-current="page">Policy</span>
          </li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>Policy</h1>
          <p className="muted">
            How many tokens people may have, how long they live, what they may do, and whether OAuth 2.0 clients are
            allowed. A change is in force on every server within a second.
          </p>
        </div>
      </div>
      <PolicyPanel />
    </div>
  );
}
