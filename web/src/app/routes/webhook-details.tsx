import { Link, useParams } from 'react-router';
import { WebhookDetails } from '../../features/webhooks/components/WebhookDetails';

/** Identity → Webhooks → one endpoint and its delivery log. */
export function Component() {
  const { webhookId = '' } = useParams();
  return (
    <div className="page">
      <title>Webhook · Tessera</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          <li>
            <Link to="/identity/webhooks">Webhooks</Link>
          </li>
          <li>
            <span aria-current="page">Delivery log</span>
          </li>
        </ol>
      </nav>
      <WebhookDetails webhookId={webhookId} />
    </div>
  );
}
