import { useParams } from 'react-router';
import { IdentityPage } from '../../components/layout/IdentityPage';
import { WebhookDetails } from '../../features/webhooks/components/WebhookDetails';

/** Identity → Webhooks → one endpoint and its delivery log. */
export function Component() {
  const { webhookId = '' } = useParams();
  return (
    <IdentityPage title="Webhook" current="Delivery log" trail={[{ to: '/identity/webhooks', label: 'Webhooks' }]}>
      <WebhookDetails webhookId={webhookId} />
    </IdentityPage>
  );
}
