import { ActionsMenu } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { ApplicationCredential } from '../api/types';

export interface CredentialsTableProps {
  credentials: ApplicationCredential[];
  onDelete: (credential: ApplicationCredential) => void;
}

function When({ iso, relative }: { iso: string; relative?: boolean }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relative ? formatRelative(iso) : formatDate(iso)}
    </time>
  );
}

/** One line per credential: its project and roles, when it ends and was last used, and whether it is unrestricted. */
export function CredentialsTable({ credentials, onDelete }: CredentialsTableProps) {
  const now = Date.now();
  return (
    <Table
      caption="Application credentials"
      columns={['Name', 'Project', 'Roles', 'Expires', 'Last used', 'Unrestricted']}
      actions
      className="table-oneline"
    >
      {credentials.map((c) => {
        const expired = c.expiresAt !== null && Date.parse(c.expiresAt) <= now;
        return (
          <tr key={c.id} className={expired ? 'row-expired' : undefined}>
            <Td className="cell-main">
              <span className="cell-line">
                <span className="cell-title" title={c.name}>
                  {c.name}
                </span>
                {c.description ? (
                  <span className="cell-meta" title={c.description}>
                    {c.description}
                  </span>
                ) : null}
              </span>
            </Td>
            <Td>{c.project.name}</Td>
            <Td>{c.roles.join(', ')}</Td>
            <Td>
              {c.expiresAt === null ? <span className="muted">Never</span> : <When iso={c.expiresAt} />}
              {expired ? (
                <>
                  {' '}
                  <Badge tone="danger">Expired</Badge>
                </>
              ) : null}
            </Td>
            <Td>{c.lastUsedAt ? <When iso={c.lastUsedAt} relative /> : <span className="muted">Never</span>}</Td>
            <Td>{c.unrestricted ? <Badge tone="warning">Unrestricted</Badge> : <span className="muted">No</span>}</Td>
            <Td className="cell-actions">
              <ActionsMenu
                label={`Actions for ${c.name}`}
                rowKey={c.id}
                items={[{ label: 'Delete', onSelect: () => onDelete(c), tone: 'danger' }]}
              />
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
