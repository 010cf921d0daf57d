import { IdentityPage } from '../../components/layout/IdentityPage';
import { PolicyPanel } from '../../features/policy/components/PolicyPanel';

/** Identity → Policy: the lifecycle policy for every user's credentials. */
export function Component() {
  return (
    <IdentityPage
      title="Policy"
      header={{
        description:
          'How many tokens people may have, how long they live, what they may do, and whether OAuth 2.0 clients are allowed. A change is in force on every server within a second.',
      }}
    >
      <PolicyPanel />
    </IdentityPage>
  );
}
