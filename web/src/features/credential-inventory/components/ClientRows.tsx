import { RowProjects } from '../../../components/credentials/ProjectChips';
import { DeliveryNote } from '../../../components/credentials/DeliveryNote';
import { Link, useLocation } from 'react-router';
import { useRowLink } from '../../../components/credentials/row-link';
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
  const rowLink = useRowLink();
  const { pathname, search } = useLocation();
  // The details page leads back here, to the same filters and page.
  const state = { back: { to: `${pathname}${search}`, label: 'the OAuth 2.0 client credentials inventory' } };
  return clients.map((c) => {
    const to = `/identity/users/${encodeURIComponent(c.owner.id)}/oauth2-credentials/${encodeURIComponent(c.id)}`;
    const link = rowLink(to, state);
    return (
      <tr
        key={c.id}
        onClick={link.onClick}
        className={[link.className, c.status === 'active' ? '' : `row-${c.status}`].join(' ').trim()}
      >
        <td className="cell-main">
          <span className="cell-line">
            <Link className="cell-title row-link-title" to={to} state={state} title={c.description || c.name}>
              {c.name}
            </Link>
            <RowProjects projects={c.projects} />
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
    );
  });
}
