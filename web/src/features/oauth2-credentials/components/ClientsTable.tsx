import { RowProjects } from '../../../components/credentials/ProjectChips';
import { Link } from 'react-router';
import { useRowLink } from '../../../components/credentials/row-link';
import { GraceNote } from '../../../components/credentials/grace';
import { DeliveryNote } from '../../../components/credentials/DeliveryNote';
import { ActionsMenu } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { OAuth2Client } from '../api/types';

export interface ClientsTableProps {
  clients: OAuth2Client[];
  /** The client a notification linked to: highlighted. */
  highlightId?: string | null;
  onEdit: (client: OAuth2Client) => void;
  onResetSecret: (client: OAuth2Client) => void;
  onSuspend: (client: OAuth2Client) => void;
  onResume: (client: OAuth2Client) => void;
  onDelete: (client: OAuth2Client) => void;
  /** End grace now: its old secret stops working (issue 20). */
  onEndGrace: (client: OAuth2Client) => void;
}

function When({ iso, relative }: { iso: string; relative?: boolean }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relative ? formatRelative(iso) : formatDate(iso)}
    </time>
  );
}

/** One line per client (≥ 1024 px); long names and scope lists are cut with an ellipsis and shown whole on hover. */
const STATUS_BADGES = {
  active: <Badge tone="success">Active</Badge>,
  expired: <Badge tone="danger">Expired</Badge>,
  suspended: <Badge tone="neutral">Suspended</Badge>,
};

export function ClientsTable({
  clients,
  highlightId,
  onEdit,
  onResetSecret,
  onSuspend,
  onResume,
  onDelete,
  onEndGrace,
}: ClientsTableProps) {
  const rowLink = useRowLink();
  const now = Date.now();
  return (
    <Table
      caption="OAuth 2.0 client credentials"
      columns={['Name', 'Client ID', 'Scopes', 'Created', 'Last token', 'Status']}
      actions
      className="table-oneline"
    >
      {clients.map((c) => {
        const creator = c.creator && c.creator.id !== c.userId ? c.creator.displayName || c.creator.username : null;
        // The title (description) and who made it, when that was someone else, after the name.
        const meta = [c.description, creator ? `Created by ${creator}` : ''].filter(Boolean).join(' · ');
        // A click on the row (not on its Actions) opens the details; the name is the keyboard's link there.
        const link = rowLink(c.id);
        return (
          <tr
            key={c.id}
            onClick={link.onClick}
            className={[
              link.className,
              c.status === 'active' ? '' : `row-${c.status}`,
              c.id === highlightId ? 'row-linked' : '',
            ]
              .join(' ')
              .trim()}
          >
            <Td className="cell-main">
              <span className="cell-line">
                <Link className="cell-title row-link-title" to={c.id} title={c.name}>
                  {c.name}
                </Link>
                {meta ? (
                  <span className="cell-meta" title={meta}>
                    {meta}
                  </span>
                ) : null}
                <RowProjects projects={c.projects} />
              </span>
            </Td>
            <Td>
              <code className="hint client-id" title={`Client ID ${c.clientId}; secret ${c.secretHint}`}>
                {c.clientId}
              </code>
            </Td>
            <Td>
              <span className="client-scopes" title={c.fullyQualifiedScopes.join('\n')}>
                {c.fullyQualifiedScopes.map((s, i) => (
                  <code key={s}>
                    {s}
                    {i < c.fullyQualifiedScopes.length - 1 ? ' ' : ''}
                  </code>
                ))}
              </span>
            </Td>
            <Td>
              <When iso={c.createdAt} />
            </Td>
            <Td>{c.lastUsedAt ? <When iso={c.lastUsedAt} relative /> : <span className="muted">Never</span>}</Td>
            <Td className={c.grace ? 'cell-status-note' : undefined}>
              <span className="cell-line">
                {STATUS_BADGES[c.status]}
                <DeliveryNote credential={c} />
              </span>
              {c.grace ? <GraceNote grace={c.grace} now={now} /> : null}
            </Td>
            <Td className="cell-actions">
              <ActionsMenu
                label={`Actions for ${c.name}`}
                rowKey={c.id}
                items={[
                  { label: 'Edit', onSelect: () => onEdit(c) },
                  { label: 'Reset secret', onSelect: () => onResetSecret(c) },
                  ...(c.grace ? [{ label: 'End grace now', onSelect: () => onEndGrace(c) }] : []),
                  c.suspendedAt !== null
                    ? { label: 'Resume', onSelect: () => onResume(c) }
                    : { label: 'Suspend', onSelect: () => onSuspend(c) },
                  { label: 'Delete', onSelect: () => onDelete(c), tone: 'danger' },
                ]}
              />
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
