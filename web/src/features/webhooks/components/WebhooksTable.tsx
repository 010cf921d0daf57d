import { Link } from 'react-router';
import { ActionsMenu } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { formatDate, formatDateTime } from '../../../lib/format';
import type { Webhook } from '../api/types';
import { displayUrl, eventsSummary } from './event-labels';

export type WebhookAction = 'edit' | 'test' | 'rotate' | 'disable' | 'enable' | 'delete';

export const webhookPath = (id: string) => `/identity/webhooks/${encodeURIComponent(id)}`;

/** The endpoints: URL (to its delivery log), events, on or off, created; the rest in the row's Actions menu. */
export function WebhooksTable({
  webhooks,
  onAction,
}: {
  webhooks: Webhook[];
  onAction: (a: WebhookAction, w: Webhook) => void;
}) {
  return (
    <Table
      caption="Webhooks"
      columns={['Endpoint', 'Events', 'Status', 'Created']}
      actions
      stacked
      className="webhook-table"
    >
      {webhooks.map((w) => {
        const name = w.description || displayUrl(w.url);
        return (
          <tr key={w.id} className={w.enabled ? undefined : 'row-suspended'}>
            <Td className="cell-main">
              <span className="cell-line webhook-endpoint">
                <Link to={webhookPath(w.id)} className="webhook-url" title="Delivery log">
                  {displayUrl(w.url)}
                </Link>
                {w.description ? <span className="cell-meta">{w.description}</span> : null}
              </span>
            </Td>
            <Td data-label="Events">
              <span className="webhook-events-summary">{eventsSummary(w.events)}</span>
            </Td>
            <Td data-label="Status">
              {w.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>}
            </Td>
            <Td data-label="Created">
              <time dateTime={w.createdAt} title={formatDateTime(w.createdAt)}>
                {formatDate(w.createdAt)}
              </time>
              {w.createdBy ? <span className="cell-meta"> by {w.createdBy.username}</span> : null}
            </Td>
            <Td className="cell-actions">
              <ActionsMenu
                label={`Actions for ${name}`}
                rowKey={w.id}
                items={[
                  { label: 'Edit', onSelect: () => onAction('edit', w) },
                  { label: 'Send test event', onSelect: () => onAction('test', w) },
                  { label: 'Replace signing secret', onSelect: () => onAction('rotate', w) },
                  w.enabled
                    ? { label: 'Turn off', onSelect: () => onAction('disable', w) }
                    : { label: 'Turn on', onSelect: () => onAction('enable', w) },
                  { label: 'Delete', onSelect: () => onAction('delete', w), tone: 'danger' },
                ]}
              />
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
