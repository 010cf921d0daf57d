import { NavLink } from 'react-router';
import { useCurrentUser } from '../session';

function NavItem({ to, children, end }: { to: string; children: string; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className="nav-link">
        {children}
      </NavLink>
    </li>
  );
}

/** The main navigation; Identity is there only for administrators, whom the API also checks. */
export function MainNav() {
  const user = useCurrentUser();
  return (
    <nav aria-label="Main" className="sidenav">
      <ul className="nav-list">
        <NavItem to="/" end>
          Overview
        </NavItem>
      </ul>
      {user.role === 'admin' ? (
        <div role="group" aria-labelledby="nav-identity" className="nav-group">
          <p id="nav-identity" className="nav-group-label">
            Identity
          </p>
          <ul className="nav-list">
            <NavItem to="/identity/users">Users</NavItem>
            <NavItem to="/identity/activity">Activity</NavItem>
          </ul>
        </div>
      ) : null}
      <div role="group" aria-labelledby="nav-account" className="nav-group">
        <p id="nav-account" className="nav-group-label">
          My account
        </p>
        <ul className="nav-list">
          <NavItem to="/settings">User Settings</NavItem>
        </ul>
      </div>
    </nav>
  );
}
