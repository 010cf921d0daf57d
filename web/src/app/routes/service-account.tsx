import { useLocation, useNavigate, useParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/Feedback';
import { errorMessage, isApiError } from '../../lib/api-client';
import { useServiceAccount } from '../../features/service-accounts/api/get-service-account';
import { ServiceAccountControls } from '../../features/service-accounts/components/ServiceAccountControls';
import { ServiceAccountHeader } from '../../features/service-accounts/components/ServiceAccountHeader';
import { UserPageLayout } from '../layout/UserPageLayout';
import { useCurrentUser } from '../session';

/**
 * A service account's page, under Identity (administrators) and under User Settings (its owner): its details, the
 * owner's and administrators' controls, and the same Resources as a user's page (no password, MFA or sessions).
 */
export function Component() {
  const { userId = '' } = useParams();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const underSettings = useLocation().pathname.startsWith('/settings/');
  const account = useServiceAccount(userId);
  const listPath = underSettings ? '/settings/service-accounts' : '/identity/service-accounts';
  const crumbs = underSettings
    ? [
        { label: 'User Settings', to: '/settings' },
        { label: 'Service accounts', to: listPath },
      ]
    : [
        { label: 'Identity', to: '/identity' },
        { label: 'Service accounts', to: listPath },
      ];
  return (
    <>
      {account.isPending ? <Loading /> : null}
      {account.isError ? (
        <div className="page">
          <h1>{isApiError(account.error, 404) ? 'Service account not found' : 'Service account'}</h1>
          <ErrorAlert>{errorMessage(account.error)}</ErrorAlert>
        </div>
      ) : null}
      {account.data ? (
        <UserPageLayout
          header={
            <ServiceAccountHeader
              account={account.data}
              actions={
                <ServiceAccountControls
                  account={account.data}
                  isAdmin={me.role === 'admin'}
                  onGone={() => navigate(listPath, { replace: true })}
                />
              }
            />
          }
          basePath={`${underSettings ? '/settings' : '/identity'}/service-accounts/${encodeURIComponent(userId)}`}
          breadcrumbs={[...crumbs, { label: account.data.username }]}
        />
      ) : null}
    </>
  );
}
