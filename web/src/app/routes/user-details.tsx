import { Navigate, useLocation, useParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/Feedback';
import { errorMessage, isApiError } from '../../lib/api-client';
import { useCurrentUser } from '../session';
import { useUser } from '../../features/users/api/get-user';
import { LockedBadge, UserAdminControls } from '../../features/users/components/UserAdminControls';
import { ResetMfaControl } from '../../features/mfa/components/ResetMfaControl';
import { UserPageLayout } from '../layout/UserPageLayout';

const ADMIN_RESOURCES = [
  { path: 'projects', label: 'Projects' },
  { path: 'sessions', label: 'Sessions' },
];

/** Identity → Users → a user: their details, an administrator's controls, and their resources. */
export function Component() {
  const { userId = '' } = useParams();
  const me = useCurrentUser();
  const user = useUser(userId);
  const { pathname, state } = useLocation();
  // A service account has its own page (links from the inventories name its user id here).
  if (user.data?.kind === 'service')
    return <Navigate to={pathname.replace('/identity/users/', '/identity/service-accounts/')} state={state} replace />;
  const crumbs = [
    { label: 'Identity', to: '/identity' },
    { label: 'Users', to: '/identity/users' },
  ];
  return (
    <>
      {user.isPending ? <Loading /> : null}
      {user.isError ? (
        <div className="page">
          <h1>{isApiError(user.error, 404) ? 'User not found' : 'User'}</h1>
          <ErrorAlert>{errorMessage(user.error)}</ErrorAlert>
        </div>
      ) : null}
      {user.data ? (
        <UserPageLayout
          user={user.data}
          basePath={`/identity/users/${encodeURIComponent(userId)}`}
          breadcrumbs={[...crumbs, { label: user.data.username }]}
          actions={
            <>
              <UserAdminControls user={user.data} isSelf={user.data.id === me.id} />
              <ResetMfaControl userId={user.data.id} username={user.data.username} isSelf={user.data.id === me.id} />
            </>
          }
          statusBadges={<LockedBadge user={user.data} />}
          moreResources={ADMIN_RESOURCES}
        />
      ) : null}
    </>
  );
}
