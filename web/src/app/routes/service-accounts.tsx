import { useNavigate } from 'react-router';
import { IdentityPage } from '../../components/layout/IdentityPage';
import { CreateServiceAccountDialog } from '../../features/service-accounts/components/CreateServiceAccountDialog';
import { ServiceAccountsList } from '../../features/service-accounts/components/ServiceAccountsList';

const identityServiceAccountPath = (id: string) => `/identity/service-accounts/${encodeURIComponent(id)}`;

/** Identity → Service accounts: every one, and Create service account (which opens the new one's page). */
export function Component() {
  const navigate = useNavigate();
  return (
    <IdentityPage
      title="Service accounts"
      header={{
        description:
          'Programs’ own identities: no password, no sign-in; their credentials outlive the people who made them.',
        actions: <CreateServiceAccountDialog onCreated={(a) => navigate(identityServiceAccountPath(a.id))} />,
      }}
    >
      <ServiceAccountsList
        mine={false}
        accountPath={identityServiceAccountPath}
        empty="Create one for a program that calls the API on its own."
      />
    </IdentityPage>
  );
}
