import { Link } from 'react-router';
import { CreateUserDialog } from '../../features/users/components/CreateUserDialog';
import { UsersDirectory } from '../../features/users/components/UsersDirectory';

const userPath = (id: string) => `/identity/users/${encodeURIComponent(id)}`;

/** Identity → Users. */
export function Component() {
  return (
    <div className="page">
      <title>Users · Tessera</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          <li>
            <span aria-current="page">Users</span>
          </li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>Users</h1>
          <p className="muted">People who can sign in to Tessera and own credentials.</p>
        </div>
        <CreateUserDialog />
      </div>
      <UsersDirectory userPath={userPath} />
    </div>
  );
}
