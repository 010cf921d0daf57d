import { NavLink } from 'react-router';
import { useCurrentUser } from '../session';

function NavItem({ to, children, end, sub }: { to: string; children: string; end?: boolean; sub?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className={sub ? 'nav-link nav-link-sub' : 'nav-link'}>
        {children}
      </NavLink>
    </li>
  );
}

export interface MainNavProps {
  id: string;
  /** Under 900 px the navigation is a drawer that the top bar's Menu button opens. */
  open: boolean;
}

/** The main navigation; Identity is there only for administrators, whom the API also checks. */
export function MainNav({ id, open }: MainNavProps) {
  const user = useCurrentUser();
  return (
    <nav id={id} aria-label="Main" className="sidenav" data-open={open || undefined}>
      <ul className="nav-list">
        <NavItem to="/" end>
          Overview
        </NavItem>
        {user.role === 'admin' ? (
          <li>
            <NavLink to="/identity" end className="nav-link">
              Identity
            </NavLink>
            <ul className="nav-list" aria-label="Identity">
              <NavItem to="/identity/users" sub>
                Users
              </NavItem>
              <NavItem to="/identity/service-accounts" sub>
                Service accounts
              </NavItem>
              <NavItem to="/identity/projects" sub>
                Projects
              </NavItem>
              <NavItem to="/identity/auth-tokens" sub>
                Auth Tokens
              </NavItem>
              <NavItem to="/identity/oauth2-credentials" sub>
                OAuth 2.0 client credentials
              </NavItem>
              <NavItem to="/identity/policy" sub>
                Policy
              </NavItem>
              <NavItem to="/identity/webhooks" sub>
                Webhooks
              </NavItem>
              <NavItem to="/identity/activity" sub>
                Activity
              </NavItem>
            </ul>
          </li>
        ) : null}
      </ul>
      <div role="group" aria-labelledby={`${id}-account`} className="nav-group">
        <p id={`${id}-account`} className="nav-group-label">
          My account
        </p>
        <ul className="nav-list">
          <NavItem to="/settings">User Settings</NavItem>
        </ul>
      </div>
      <div role="group" aria-labelledby={`${id}-developers`} className="nav-group">
        <p id={`${id}-developers`} className="nav-group-label">
          Developers
        </p>
        <ul className="nav-list">
          <NavItem to="/docs/api">API reference</NavItem>
        </ul>
      </div>
    </nav>
  );
}
