import { RowProjects } from '../../../components/credentials/ProjectChips';
import { Link, useLocation } from 'react-router';
import { useRowLink } from '../../../components/credentials/row-link';
import { DeliveryNote } from '../../../components/credentials/DeliveryNote';
import { ActionsMenu, type RowAction } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import type { InventoryToken } from '../api/types';
import { OwnerLink, StatusBadge, When, revocationNote } from './cells';
import type { InventoryColumn } from './InventoryTable';

export const TOKEN_COLUMNS: InventoryColumn[] = [
  { label: 'Description' },
  { label: 'Owner', sortKey: 'owner' },
  { label: 'Token hint' },
  { label: 'Scopes' },
  { label: 'Created', sortKey: 'created', firstDescending: true },
  { label: 'Expires', sortKey: 'expires' },
  { label: 'Last used', sortKey: 'lastUsed', firstDescending: true },
  { label: 'Status' },
];

export type TokenRowAction = 'revoke' | 'suspend' | 'resume' | 'delete';

export interface TokenRowsProps {
  tokens: InventoryToken[];
  selected: ReadonlySet<string>;
  onSelect: (token: InventoryToken, selected: boolean) => void;
  onAction: (action: TokenRowAction, token: InventoryToken) => void;
  now: number;
}

function actionsFor(t: InventoryToken, act: (a: TokenRowAction) => void): RowAction[] {
  const del: RowAction = { label: 'Delete', onSelect: () => act('delete'), tone: 'danger' };
  // A revoked token comes back only through its revocation's Undo; deleting it is still allowed.
  if (t.status === 'revoked') return [del];
  return [
    t.suspendedAt !== null
      ? { label: 'Resume', onSelect: () => act('resume') }
      : { label: 'Suspend', onSelect: () => act('suspend') },
    { label: 'Revoke…', onSelect: () => act('revoke'), tone: 'danger' },
    del,
  ];
}

/** The inventory's token rows: a checkbox, the token, its owner (linking to their tokens), dates and status. */
export function TokenRows({ tokens, selected, onSelect, onAction, now }: TokenRowsProps) {
  const rowLink = useRowLink();
  const { pathname, search } = useLocation();
  // The details page leads back here, to the same filters and page.
  const state = { back: { to: `${pathname}${search}`, label: 'the Auth Tokens inventory' } };
  return tokens.map((t) => {
    const note = t.revocation ? revocationNote(t.revocation) : null;
    const to = `/identity/users/${encodeURIComponent(t.owner.id)}/auth-tokens/${encodeURIComponent(t.id)}`;
    const link = rowLink(to, state);
    return (
      <tr
        key={t.id}
        onClick={link.onClick}
        className={[link.className, t.status === 'active' ? '' : `row-${t.status}`].join(' ').trim()}
      >
        <td className="cell-select">
          <input
            type="checkbox"
            aria-label={`Select ${t.description} of ${t.owner.username}`}
            checked={selected.has(t.id)}
            onChange={(e) => onSelect(t, e.target.checked)}
          />
        </td>
        <td className="cell-main">
          <span className="cell-line">
            <Link className="cell-title row-link-title" to={to} state={state} title={t.description}>
              {t.description}
            </Link>
            <RowProjects projects={t.projects} />
          </span>
        </td>
        <td>
          <OwnerLink owner={t.owner} resource="auth-tokens" />
        </td>
        <td>
          <code className="hint">{t.hint}</code>
        </td>
        <td>
          {t.fullAccess ? (
            <Badge tone="warning">Full access</Badge>
          ) : (
            <span className="token-scopes" title={t.scopes.join(', ')}>
              {t.scopes.join(', ')}
            </span>
          )}
        </td>
        <td>
          <When iso={t.createdAt} />
        </td>
        <td>{t.expiresAt ? <When iso={t.expiresAt} /> : <Badge tone="warning">No expiration</Badge>}</td>
        <td>{t.lastUsedAt ? <When iso={t.lastUsedAt} relative now={now} /> : <span className="muted">Never</span>}</td>
        <td className={note ? 'cell-status-note' : undefined}>
          {note ? (
            <>
              <StatusBadge status={t.status} />
              <span className="cell-sub">{note}</span>
            </>
          ) : (
            <span className="cell-line">
              <StatusBadge status={t.status} />
              <DeliveryNote credential={t} />
            </span>
          )}
        </td>
        <td className="cell-actions">
          <ActionsMenu
            label={`Actions for ${t.description} of ${t.owner.username}`}
            rowKey={t.id}
            items={actionsFor(t, (a) => onAction(a, t))}
          />
        </td>
      </tr>
    );
  });
}
