import { Button } from '../../../components/ui/Button';
import { Badge, EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useDeliveries, useRedeliver } from '../api/deliveries';
import type { WebhookDelivery } from '../api/types';

function Status({ d, enabled }: { d: WebhookDelivery; enabled: boolean }) {
  if (d.status === 'succeeded') return <Badge tone="success">Succeeded</Badge>;
  if (d.status === 'failed') return <Badge tone="danger">Failed</Badge>;
  if (!enabled)
    return (
      <span className="cell-line">
        <Badge tone="neutral">Waiting</Badge>
        <span className="cell-meta">until the webhook is turned on</span>
      </span>
    );
  return (
    <span className="cell-line">
      <Badge tone="info">{d.attempts === 0 ? 'Sending' : 'Retrying'}</Badge>
      {d.attempts > 0 && d.nextAttemptAt ? (
        <span className="cell-meta">
          next{' '}
          <time dateTime={d.nextAttemptAt} title={formatDateTime(d.nextAttemptAt)}>
            {formatRelative(d.nextAttemptAt)}
          </time>
        </span>
      ) : null}
    </span>
  );
}

/** The receiver's answer, or why there was none ("no response within 10 s"). */
function Response({ d }: { d: WebhookDelivery }) {
  if (d.lastStatusCode === null && d.lastError === null) return <span className="muted">—</span>;
  return (
    <span className="cell-line">
      {d.lastStatusCode !== null ? <code>{d.lastStatusCode}</code> : null}
      {d.lastError && d.lastError !== `HTTP ${d.lastStatusCode}` ? (
        <span className="cell-meta">{d.lastError}</span>
      ) : null}
    </span>
  );
}

/** An endpoint's deliveries, newest first, each with Redeliver (same `webhook-id`); pending ones refresh by themselves. */
export function DeliveryLog({ webhookId, enabled }: { webhookId: string; enabled: boolean }) {
  const log = useDeliveries(webhookId);
  const redeliver = useRedeliver();
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const send = (d: WebhookDelivery) =>
    redeliver.mutate(
      { id: webhookId, deliveryId: d.id },
      {
        onSuccess: () => toast.success(`Redelivering the ${d.eventType} event: it is sent within a few seconds.`),
        onError: (e) => toast.error(errorMessage(e)),
      },
    );

  if (log.isPending) return <Loading label="Loading deliveries…" />;
  if (log.isError) return <ErrorAlert>{errorMessage(log.error)}</ErrorAlert>;
  if (items.length === 0)
    return (
      <EmptyState title="No deliveries yet">
        Deliveries show here as events happen. Send a test event to check the receiver now.
      </EmptyState>
    );
  return (
    <div className="stack">
      <Table
        caption="Deliveries"
        columns={['Event', 'Status', 'Attempts', 'Response', 'Last attempt']}
        actions
        stacked
        className="webhook-table"
      >
        {items.map((d) => (
          <tr key={d.id}>
            <Td className="cell-main">
              <span className="cell-line">
                <code>{d.eventType}</code>
                <time className="cell-meta" dateTime={d.createdAt} title={formatDateTime(d.createdAt)}>
                  {formatRelative(d.createdAt)}
                </time>
              </span>
              <details className="webhook-payload">
                <summary>
                  Payload<span className="sr-only"> of the {d.eventType} delivery</span>
                </summary>
                <p className="cell-meta">
                  webhook-id <code>{d.id}</code>
                </p>
                <pre className="code-block">
                  <code>{JSON.stringify(d.payload, null, 2)}</code>
                </pre>
              </details>
            </Td>
            <Td data-label="Status">
              <Status d={d} enabled={enabled} />
            </Td>
            <Td data-label="Attempts">{d.attempts}</Td>
            <Td data-label="Response">
              <Response d={d} />
            </Td>
            <Td data-label="Last attempt">
              {d.lastAttemptAt ? (
                <time dateTime={d.lastAttemptAt} title={formatDateTime(d.lastAttemptAt)}>
                  {formatRelative(d.lastAttemptAt)}
                </time>
              ) : (
                <span className="muted">Not yet</span>
              )}
            </Td>
            <Td className="cell-actions">
              <Button
                size="sm"
                onClick={() => send(d)}
                busy={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
              >
                Redeliver
                <span className="sr-only">
                  {' '}
                  the {d.eventType} event of {formatDateTime(d.createdAt)}
                </span>
              </Button>
            </Td>
          </tr>
        ))}
      </Table>
      {log.hasNextPage ? (
        <div>
          <Button onClick={() => void log.fetchNextPage()} busy={log.isFetchingNextPage}>
            Show older deliveries
          </Button>
        </div>
      ) : null}
    </div>
  );
}
