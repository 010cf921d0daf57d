import type { ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { AvatarHeading } from '../../components/ui/AvatarHeading';
import { Badge } from '../../components/ui/Feedback';
import { useFeatureFlag } from '../../lib/feature-flags';
import { formatDate } from '../../lib/format';
import type { User } from '../../features/users/api/types';

export interface Crumb {
  label: string;
  to?: string;
}

interface CommonProps {
  /** Where this user's resources live, e.g. /settings or /identity/users/:id. */
  basePath: string;
  breadcrumbs: Crumb[];
  /** An administrator's controls, shown under the user's details. */
  actions?: ReactNode;
  /** More about the status beside Active/Disabled (e.g. Locked until …), from the page that knows of it. */
  statusBadges?: ReactNode;
  /** Resources after the shared ones: Security on User Settings, Sessions on a user's page. */
  moreResources?: { path: string; label: string }[];
}

/** A person's page shows their details; a service account's page brings its own header (and its own actions). */
export type UserPageLayoutProps = CommonProps & ({ user: User; header?: never } | { user?: never; header: ReactNode });

/**
 * User Settings, the user details page and a service account's page share this: the name and details, and a
 * Resources navigation to the same credential pages.
 */
export function UserPageLayout({ user, header, basePath, breadcrumbs, ...rest }: UserPageLayoutProps) {
  // Application credentials are Keystone's: a deployment without the Keystone surface does not offer them.
  const keystone = useFeatureFlag('keystone');
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          {breadcrumbs.map((c) => (
            <li key={c.label}>
              {c.to ? <Link to={c.to}>{c.label}</Link> : <span aria-current="page">{c.label}</span>}
            </li>
          ))}
        </ol>
      </nav>
      {user ? <UserHeader user={user} {...rest} /> : header}
      <div className="resources">
        <nav aria-label="Resources" className="resources-nav">
          <p className="resources-title" aria-hidden="true">
            Resources
          </p>
          <ul className="nav-list">
            <li>
              <NavLink to={`${basePath}/auth-tokens`} className="tab-link">
                Auth Tokens
              </NavLink>
            </li>
            <li>
              <NavLink to={`${basePath}/activity`} className="tab-link">
                Activity
              </NavLink>
            </li>
            <li>
              <NavLink to={`${basePath}/oauth2-credentials`} className="tab-link">
                OAuth 2.0 client credentials
              </NavLink>
            </li>
            {keystone.enabled ? (
              <li>
                <NavLink to={`${basePath}/application-credentials`} className="tab-link">
                  Application credentials
                </NavLink>
              </li>
            ) : null}
            {rest.moreResources?.map((r) => (
              <li key={r.path}>
                <NavLink to={`${basePath}/${r.path}`} className="tab-link">
                  {r.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="resources-content">
          <Outlet />
        </div>
      </div>
    </div>
  );
}

/** A person's name, role, status, API-token switch and id, with an administrator's controls under them. */
function UserHeader({ user, actions, statusBadges }: { user: User } & Pick<CommonProps, 'actions' | 'statusBadges'>) {
  const name = user.displayName || user.username;
  return (
    <div className="user-header card">
      <AvatarHeading name={name}>
        <p className="muted">
          {user.username} · {user.role === 'admin' ? 'Administrator' : 'User'}
        </p>
      </AvatarHeading>
      <dl className="details-grid">
        <div>
          <dt>Status</dt>
          <dd className="badges">
            {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
            {statusBadges}
          </dd>
        </div>
        <div>
          <dt>API tokens</dt>
          <dd>{user.apiTokensEnabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="warning">Off</Badge>}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(user.createdAt)}</dd>
        </div>
        <div>
          <dt>User ID</dt>
          <dd>
            <code>{user.id}</code>
          </dd>
        </div>
      </dl>
      {actions}
    </div>
  );
}
