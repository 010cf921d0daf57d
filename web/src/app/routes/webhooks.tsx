import { IdentityPage } from '../../components/layout/IdentityPage';
import { WebhooksPanel } from '../../features/webhooks/components/WebhooksPanel';

/** Identity → Webhooks. */
export function Component() {
  return (
    <IdentityPage title="Webhooks">
      <WebhooksPanel />
    </IdentityPage>
  );
}
