import { RowProjects } from '../../../components/credentials/ProjectChips';
import { Link } from 'react-router';
import { useRowLink } from '../../../components/credentials/row-link';
import { DeliveryNote } from '../../../components/credentials/DeliveryNote';
import { ActionsMenu } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import { GraceNote } from '../../../components/credentials/grace';
import { Table, Td } from '../../../components/ui/Table';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { AuthToken } from '../api/types';
import { expiresSoon, isExpired, tokenStatus } from './token-list';

export interface AuthTokensTableProps {
  tokens: AuthToken[];
  /** The token a link led to (a notification's): its row stands out. */
  highlightId?: string | null;
  onEdit: (token: AuthToken) => void;
  onRegenerate: (token: AuthToken) => void;
  onSuspend: (token: AuthToken) => void;
  onResume: (token: AuthToken) => void;
  onDelete: (token: AuthToken) => void;
  /** End grace now: its old secret stops working (issue 20). */
  onEndGrace: (token: AuthToken) => void;
  /** The pointer or focus reached a row's Actions: a chance to fetch what its dialogs need. */
  onActionIntent?: () => void;
}

/** Someone other than the owner made it (an administrator, for them to receive). */
function createdBySomeoneElse(t: AuthToken): string | null {
  const creator = t.creator;
  if (!creator || creator.id === t.userId) return null;
  return creator.displayName || creator.username;
}

function Expires({ token, now }: { token: AuthToken; now: number }) {
  if (token.expiresAt === null) return <Badge tone="warning">No expiration</Badge>;
  const at = token.expiresAt;
  return (
    <span className="cell-line">
      <time dateTime={at} title={formatDateTime(at)}>
        {isExpired(token, now) ? `Expired ${formatRelative(at, now)}` : formatRelative(at, now)}
      </time>
      {expiresSoon(token, now) ? <Badge tone="warning">Expires soon</Badge> : null}
    </span>
  );
}

/** Its scopes, or a flag for full access (every scope of its owner, also later ones): the owner should narrow it. */
function Scopes({ token }: { token: AuthToken }) {
  if (token.fullAccess)
    return (
      <span title="This token can do everything its owner can. Edit it to choose only the scopes it needs.">
        <Badge tone="warning">Full access</Badge>
      </span>
    );
  const names = token.scopes.join(', ');
  return (
    <span className="token-scopes" title={names}>
      {names}
    </span>
  );
}

const STATUS_BADGES = {
  active: <Badge tone="success">Active</Badge>,
  expired: <Badge tone="danger">Expired</Badge>,
  suspended: <Badge tone="neutral">Suspended</Badge>,
  revoked: <Badge tone="danger">Revoked</Badge>,
};

/** One line per token (≥ 1024 px): long descriptions are cut with an ellipsis, the rest is in the row's menu. */
export function AuthTokensTable(props: AuthTokensTableProps) {
  const { tokens, highlightId, onEdit, onRegenerate, onSuspend, onResume, onDelete, onEndGrace, onActionIntent } =
    props;
  const now = Date.now();
  const rowLink = useRowLink();
  return (
    <Table
      caption="Auth tokens"
      columns={['Description', 'Token hint', 'Scopes', 'Created', 'Expires', 'Last used', 'Status']}
      actions
      className="table-oneline"
    >
      {tokens.map((t) => {
        const status = tokenStatus(t, now);
        const creator = createdBySomeoneElse(t);
        const suspended = t.suspendedAt !== null;
        const r = t.revocation;
        // Said in the row (not only a badge), so the owner knows why it stopped working.
        const revoked = r
          ? r.kind === 'inactive'
            ? 'Revoked: unused for too long'
            : `Revoked by an administrator: ${r.reason}`
          : null;
        // A click on the row (not on its Actions) opens the details; the description is the keyboard's link there.
        const link = rowLink(t.id);
        return (
          <tr
            key={t.id}
            onClick={link.onClick}
            className={[
              link.className,
              status === 'active' ? '' : `row-${status}`,
              t.id === highlightId ? 'row-linked' : '',
            ]
              .join(' ')
              .trim()}
          >
            <Td className="cell-main">
              <span className="cell-line">
                <Link className="cell-title row-link-title" to={t.id} title={t.description}>
                  {t.description}
                </Link>
                {creator || t.regeneratedAt ? (
                  <span
                    className="cell-meta"
                    // Whole on hover when the line cuts it short.
                    title={[
                      creator ? `Created by ${creator}` : '',
                      t.regeneratedAt ? `Regenerated ${formatDateTime(t.regeneratedAt)}` : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  >
                    {creator ? `Created by ${creator}` : null}
                    {creator && t.regeneratedAt ? ' · ' : null}
                    {t.regeneratedAt ? (
                      <>
                        Regenerated{' '}
                        <time dateTime={t.regeneratedAt} title={formatDateTime(t.regeneratedAt)}>
                          {formatRelative(t.regeneratedAt, now)}
                        </time>
                      </>
                    ) : null}
                  </span>
                ) : null}
                <RowProjects projects={t.projects} />
              </span>
            </Td>
            <Td>
              <code className="hint">{t.hint}</code>
            </Td>
            <Td>
              <Scopes token={t} />
            </Td>
            <Td>
              <time dateTime={t.createdAt} title={formatDateTime(t.createdAt)}>
                {formatDate(t.createdAt)}
              </time>
            </Td>
            <Td>
              <Expires token={t} now={now} />
            </Td>
            <Td>
              {t.lastUsedAt ? (
                <span className="cell-line">
                  <time dateTime={t.lastUsedAt} title={formatDateTime(t.lastUsedAt)}>
                    {formatRelative(t.lastUsedAt, now)}
                  </time>
                  {t.lastUsedIp ? <span className="cell-meta">from {t.lastUsedIp}</span> : null}
                </span>
              ) : (
                <span className="muted">Never</span>
              )}
            </Td>
            <Td className={revoked || t.grace ? 'cell-status-note' : undefined}>
              {revoked ? (
                <>
                  {STATUS_BADGES[status]}
                  <span className="cell-sub">{revoked}</span>
                </>
              ) : (
                <span className="cell-line">
                  {STATUS_BADGES[status]}
                  <DeliveryNote credential={t} />
                </span>
              )}
              {t.grace ? <GraceNote grace={t.grace} now={now} /> : null}
            </Td>
            <Td className="cell-actions">
              <ActionsMenu
                label={`Actions for ${t.description}`}
                rowKey={t.id}
                onIntent={onActionIntent}
                items={[
                  // A revoked token comes back only by the administrator's Undo; it can still be deleted.
                  ...(status === 'revoked'
                    ? []
                    : [
                        { label: 'Edit', onSelect: () => onEdit(t) },
                        { label: 'Regenerate', onSelect: () => onRegenerate(t) },
                        ...(t.grace ? [{ label: 'End grace now', onSelect: () => onEndGrace(t) }] : []),
                        suspended
                          ? { label: 'Resume', onSelect: () => onResume(t) }
                          : { label: 'Suspend', onSelect: () => onSuspend(t) },
                      ]),
                  { label: 'Delete', onSelect: () => onDelete(t), tone: 'danger' },
                ]}
              />
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
