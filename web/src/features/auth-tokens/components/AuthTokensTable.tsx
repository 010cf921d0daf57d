import { Button } from '../../../components/ui/Button';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { DAY_MS, formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { AuthToken } from '../api/types';

export interface AuthTokensTableProps {
  tokens: AuthToken[];
  onEdit: (token: AuthToken) => void;
  onRegenerate: (token: AuthToken) => void;
  onDelete: (token: AuthToken) => void;
  /** The pointer or focus reached an action button: a chance to fetch what its dialog needs. */
  onActionIntent?: () => void;
}

const SOON_MS = 7 * DAY_MS;

function expiresSoon(t: AuthToken, now: number): boolean {
  if (t.status !== 'active' || t.expiresAt === null) return false;
  return new Date(t.expiresAt).getTime() - now <= SOON_MS;
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDate(iso)}
      <span className="cell-sub">{formatRelative(iso)}</span>
    </time>
  );
}

export function AuthTokensTable({ tokens, onEdit, onRegenerate, onDelete, onActionIntent }: AuthTokensTableProps) {
  const now = Date.now();
  const intent = { onPointerEnter: onActionIntent, onFocus: onActionIntent };
  return (
    <Table
      caption="Auth tokens"
      columns={['Description', 'Token hint', 'Created', 'Expires', 'Last used', 'Status']}
      actions
    >
      {tokens.map((t) => (
        <tr key={t.id}>
          <Td className="cell-strong cell-wrap">{t.description}</Td>
          <Td>
            <code className="hint">{t.hint}</code>
          </Td>
          <Td>
            <When iso={t.createdAt} />
          </Td>
          <Td>{t.expiresAt ? <When iso={t.expiresAt} /> : <span className="muted">Never</span>}</Td>
          <Td>
            {t.lastUsedAt ? (
              <>
                <When iso={t.lastUsedAt} />
                {t.lastUsedIp ? <span className="cell-sub">from {t.lastUsedIp}</span> : null}
              </>
            ) : (
              <span className="muted">Never</span>
            )}
          </Td>
          <Td>
            <span className="badges">
              {t.status === 'expired' ? <Badge tone="danger">Expired</Badge> : <Badge tone="success">Active</Badge>}
              {expiresSoon(t, now) ? <Badge tone="warning">Expires soon</Badge> : null}
            </span>
          </Td>
          <Td className="cell-actions">
            <div className="row-actions">
              <Button size="sm" onClick={() => onEdit(t)} {...intent} aria-label={`Edit ${t.description}`}>
                Edit
              </Button>
              <Button size="sm" onClick={() => onRegenerate(t)} {...intent} aria-label={`Regenerate ${t.description}`}>
                Regenerate
              </Button>
              <Button
                size="sm"
                variant="danger"
                onClick={() => onDelete(t)}
                {...intent}
                aria-label={`Delete ${t.description}`}
              >
                Delete
              </Button>
            </div>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
