import { Button } from '../../../components/ui/Button';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { OAuth2Client } from '../api/types';

export interface ClientsTableProps {
  clients: OAuth2Client[];
  onEdit: (client: OAuth2Client) => void;
  onResetSecret: (client: OAuth2Client) => void;
  onDelete: (client: OAuth2Client) => void;
}

function When({ iso, relative }: { iso: string; relative?: boolean }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relative ? formatRelative(iso) : formatDate(iso)}
    </time>
  );
}

export function ClientsTable({ clients, onEdit, onResetSecret, onDelete }: ClientsTableProps) {
  return (
    <Table caption="OAuth 2.0 client credentials" columns={['Name', 'Client ID', 'Scopes']} actions>
      {clients.map((c) => (
        <tr key={c.id}>
          <Td className="cell-wrap">
            <strong>{c.name}</strong>
            {c.status === 'expired' ? (
              <>
                {' '}
                <Badge tone="danger">Expired</Badge>
              </>
            ) : null}
            {c.description ? <span className="cell-sub">{c.description}</span> : null}
            <span className="cell-sub">
              Created <When iso={c.createdAt} />
            </span>
            <span className="cell-sub">
              {c.lastUsedAt ? (
                <>
                  Last token <When iso={c.lastUsedAt} relative />
                </>
              ) : (
                'No token requested yet'
              )}
            </span>
          </Td>
          <Td>
            <code className="hint">{c.clientId}</code>
            <span className="cell-sub">
              Secret <code>{c.secretHint}</code>
            </span>
          </Td>
          <Td className="cell-wrap">
            {c.fullyQualifiedScopes.map((s) => (
              <code key={s} className="hint cell-sub">
                {s}
              </code>
            ))}
          </Td>
          <Td className="cell-actions">
            <Button size="sm" onClick={() => onEdit(c)} aria-label={`Edit ${c.name}`}>
              Edit
            </Button>
            <Button size="sm" onClick={() => onResetSecret(c)} aria-label={`Reset secret of ${c.name}`}>
              Reset secret
            </Button>
            <Button size="sm" variant="danger" onClick={() => onDelete(c)} aria-label={`Delete ${c.name}`}>
              Delete
            </Button>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
