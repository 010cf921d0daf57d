import { IdentityPage } from '../../components/layout/IdentityPage';
import { CreateUserDialog } from '../../features/users/components/CreateUserDialog';
import { UsersDirectory } from '../../features/users/components/UsersDirectory';

const userPath = (id: string) => `/identity/users/${encodeURIComponent(id)}`;

/** Identity → Users. */
export function Component() {
  return (
    <IdentityPage
      title="Users"
      header={{ description: 'People who can sign in to Tessera and own credentials.', actions: <CreateUserDialog /> }}
    >
      <UsersDirectory userPath={userPath} />
    </IdentityPage>
  );
}
