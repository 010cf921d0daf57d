import { useState } from 'react';
import { Link } from 'react-router';
import type { User } from '../../features/users/api/types';
import { CreateUserDialog } from '../../features/users/components/CreateUserDialog';
import { UsersDirectory } from '../../features/users/components/UsersDirectory';

const userPath = (id: string) => `/identity/users/${encodeURIComponent(id)}`;

/** Identity → Users. */
export function Component() {
  const [created, setCreated] = useState<User | null>(null);
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
        <CreateUserDialog onCreated={setCreated} />
      </div>
      <div role="status" className={created ? 'notice notice-success' : undefined}>
        {created ? (
          <>
            Created user <Link to={userPath(created.id)}>{created.username}</Link>. They can sign in now.
          </>
        ) : null}
      </div>
      <UsersDirectory userPath={userPath} />
    </div>
  );
}
