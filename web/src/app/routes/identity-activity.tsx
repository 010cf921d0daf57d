import { IdentityPage } from '../../components/layout/IdentityPage';
import { ActivityPanel } from '../../features/activity/components/ActivityPanel';

/** Identity → Activity: the whole organisation's security events. */
export function Component() {
  return (
    <IdentityPage title="Activity">
      <ActivityPanel
        scope={{ kind: 'organisation' }}
        title="Activity"
        level={1}
        description="Who signed in, changed a user, or created, used, regenerated or deleted a credential: when, and from where."
      />
    </IdentityPage>
  );
}
