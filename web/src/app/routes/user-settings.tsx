import { ErrorAlert, Loading } from '../../components/ui/Feedback';
import { errorMessage } from '../../lib/api-client';
import { useUser } from '../../features/users/api/get-user';
import { UserPageLayout } from '../layout/UserPageLayout';

// Projects you work in (issue 21, point 1) and the service accounts you own (point 5), beside your credentials.
const SETTINGS_RESOURCES = [
  { path: 'projects', label: 'Projects' },
  { path: 'security', label: 'Security' },
  { path: 'service-accounts', label: 'Service accounts' },
];

/** Profile → User Settings: your own details and resources. */
export function Component() {
  const me = useUser('me');
  return (
    <>
      {me.isPending ? <Loading /> : null}
      {me.isError ? <ErrorAlert title="Your settings could not be loaded.">{errorMessage(me.error)}</ErrorAlert> : null}
      {me.data ? (
        <UserPageLayout
          user={me.data}
          basePath="/settings"
          breadcrumbs={[{ label: 'User Settings' }]}
          moreResources={SETTINGS_RESOURCES}
        />
      ) : null}
    </>
  );
}
