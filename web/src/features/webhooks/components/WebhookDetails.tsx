import { Button } from '../../../components/ui/Button';
import { Badge, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useSendTest } from '../api/deliveries';
import type { Webhook } from '../api/types';
import { useWebhook } from '../api/list-webhooks';
import { DeliveryLog } from './DeliveryLog';
import { displayUrl, eventsSummary } from './event-labels';
import './webhooks.css';

function Summary({ w }: { w: Webhook }) {
  return (
    <dl className="details-grid">
      <div>
        <dt>Events</dt>
        <dd>{eventsSummary(w.events)}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>{w.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off: deliveries wait</Badge>}</dd>
      </div>
      <div>
        <dt>Added</dt>
        <dd>
          {formatDateTime(w.createdAt)}
          {w.createdBy ? ` by ${w.createdBy.username}` : ''}
        </dd>
      </div>
    </dl>
  );
}

/** One endpoint: what it receives, Send test event, and its delivery log with Redeliver. */
export function WebhookDetails({ webhookId }: { webhookId: string }) {
  const webhook = useWebhook(webhookId);
  const test = useSendTest();
  if (webhook.isPending) return <Loading label="Loading the webhook…" />;
  if (webhook.isError) return <ErrorAlert>{errorMessage(webhook.error)}</ErrorAlert>;
  const w = webhook.data;
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1 className="webhook-url">{w.description || displayUrl(w.url)}</h1>
          {w.description ? <p className="muted webhook-url">{displayUrl(w.url)}</p> : null}
        </div>
        <Button
          busy={test.isPending}
          onClick={() =>
            test.mutate(w.id, {
              onSuccess: () => toast.success('Sent a test event (webhook.ping): its delivery is below.'),
              onError: (e) => toast.error(errorMessage(e)),
            })
          }
        >
          Send test event
        </Button>
      </div>
      <Summary w={w} />
      <section aria-labelledby="deliveries-heading" className="stack">
        <h2 id="deliveries-heading">Delivery log</h2>
        <p className="muted">
          Failed attempts are retried for about a day (after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h). Redeliver
          sends a delivery once more with the same <code>webhook-id</code>, so the receiver can tell it is a repeat.
        </p>
        <DeliveryLog webhookId={w.id} enabled={w.enabled} />
      </section>
    </div>
  );
}
