import { DeliveryNote } from '../../../components/credentials/DeliveryNote';
import { ActionsMenu } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import type { InventoryClient } from '../api/types';
import { OwnerLink, StatusBadge, When } from './cells';
import type { InventoryColumn } from './InventoryTable';

export const CLIENT_COLUMNS: InventoryColumn[] = [
  { label: 'Name' },
  { label: 'Owner', sortKey: 'owner' },
  { label: 'Client ID' },
  { label: 'Scopes' },
  { label: 'Created', sortKey: 'created', firstDescending: true },
  { label: 'Expires', sortKey: 'expires' },
  { label: 'Last token', sortKey: 'lastUsed', firstDescending: true },
  { label: 'Status' },
];

export type ClientRowAction = 'suspend' | 'resume' | 'delete';

export interface ClientRowsProps {
  clients: InventoryClient[];
  onAction: (action: ClientRowAction, client: InventoryClient) => void;
  now: number;
}

/** The inventory's client rows: name and client ID, owner (linking to their clients), scopes, dates and status. */
export function ClientRows({ clients, onAction, now }: ClientRowsProps) {
  return clients.map((c) => (
    <tr key={c.id} className={c.status === 'active' ? undefined : `row-${c.status}`}>
      <td className="cell-main">
        <span className="cell-line">
          <span className="cell-title" title={c.description || c.name}>
            {c.name}
          </span>
        </span>
      </td>
      <td>
        <OwnerLink owner={c.owner} resource="oauth2-credentials" />
      </td>
      <td>
        <code className="hint inventory-client-id" title={`${c.clientId} (secret ${c.secretHint})`}>
          {c.clientId}
        </code>
      </td>
      <td>
        <span className="token-scopes" title={c.fullyQualifiedScopes.join('\n')}>
          {c.fullyQualifiedScopes.join(' ')}
        </span>
      </td>
      <td>
        <When iso={c.createdAt} />
      </td>
      <td>{c.expiresAt ? <When iso={c.expiresAt} /> : <Badge tone="warning">No expiration</Badge>}</td>
      <td>{c.lastUsedAt ? <When iso={c.lastUsedAt} relative now={now} /> : <span className="muted">Never</span>}</td>
      <td>
        <span className="cell-line">
          <StatusBadge status={c.status} />
          <DeliveryNote credential={c} />
        </span>
      </td>
      <td className="cell-actions">
        <ActionsMenu
          label={`Actions for ${c.name} of ${c.owner.username}`}
          rowKey={c.id}
          items={[
            c.suspendedAt !== null
              ? { label: 'Resume', onSelect: () => onAction('resume', c) }
              : { label: 'Suspend', onSelect: () => onAction('suspend', c) },
            { label: 'Delete', onSelect: () => onAction('delete', c), tone: 'danger' },
          ]}
        />
      </td>
    </tr>
  ));
}
