import { Button } from '../../../components/ui/Button';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td, Th } from '../../../components/ui/Table';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { OAuth2Client } from '../api/types';

export interface ClientsTableProps {
  clients: OAuth2Client[];
  onResetSecret: (client: OAuth2Client) => void;
  onDelete: (client: OAuth2Client) => void;
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDate(iso)}
      <span className="cell-sub">{formatRelative(iso)}</span>
    </time>
  );
}

export function ClientsTable({ clients, onResetSecret, onDelete }: ClientsTableProps) {
  return (
    <Table caption="OAuth 2.0 client credentials">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Client ID</Th>
          <Th>Scopes</Th>
          <Th>Secret hint</Th>
          <Th>Created</Th>
          <Th>Last token</Th>
          <Th>Status</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {clients.map((c) => (
          <tr key={c.id}>
            <Td className="cell-strong cell-wrap">
              {c.name}
              {c.description ? <span className="cell-sub">{c.description}</span> : null}
            </Td>
            <Td>
              <code className="hint">{c.clientId}</code>
            </Td>
            <Td className="cell-wrap">
              {c.fullyQualifiedScopes.map((s) => (
                <code key={s} className="hint cell-sub">
                  {s}
                </code>
              ))}
            </Td>
            <Td>
              <code className="hint">{c.secretHint}</code>
            </Td>
            <Td>
              <When iso={c.createdAt} />
            </Td>
            <Td>{c.lastUsedAt ? <When iso={c.lastUsedAt} /> : <span className="muted">Never used</span>}</Td>
            <Td>
              {c.status === 'expired' ? <Badge tone="danger">Expired</Badge> : <Badge tone="success">Active</Badge>}
            </Td>
            <Td className="cell-actions">
              <Button size="sm" onClick={() => onResetSecret(c)} aria-label={`Reset secret of ${c.name}`}>
                Reset secret
              </Button>
              <Button size="sm" variant="danger" onClick={() => onDelete(c)} aria-label={`Delete ${c.name}`}>
                Delete
              </Button>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
