import { Link } from 'react-router';
import { ActionsMenu } from '../../../components/ui/ActionsMenu';
import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { formatDate, formatDateTime } from '../../../lib/format';
import type { Project } from '../api/types';
import { projectPagePath } from './project-schemas';

export type ProjectAction = 'edit' | 'disable' | 'enable' | 'delete';

export function ProjectStatus({ enabled }: { enabled: boolean }) {
  return enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>;
}

/** The projects: name (to its page), description, members, status, created; the rest in the row's Actions menu. */
export function ProjectsTable({
  projects,
  busy,
  onAction,
}: {
  projects: Project[];
  busy: boolean;
  onAction: (a: ProjectAction, p: Project) => void;
}) {
  return (
    <Table
      caption="Projects"
      columns={['Name', 'Description', 'Members', 'Status', 'Created']}
      actions
      busy={busy}
      stacked
    >
      {projects.map((p) => (
        <tr key={p.id} className={p.enabled ? undefined : 'row-suspended'}>
          <Td className="cell-strong">
            <Link to={projectPagePath(p.id)}>{p.name}</Link>
          </Td>
          <Td data-label="Description">{p.description || <span className="muted">—</span>}</Td>
          <Td data-label="Members">{p.memberCount}</Td>
          <Td data-label="Status">
            <ProjectStatus enabled={p.enabled} />
          </Td>
          <Td data-label="Created">
            <time dateTime={p.createdAt} title={formatDateTime(p.createdAt)}>
              {formatDate(p.createdAt)}
            </time>
            {p.createdBy ? <span className="cell-meta"> by {p.createdBy.username}</span> : null}
          </Td>
          <Td className="cell-actions">
            <ActionsMenu
              label={`Actions for ${p.name}`}
              rowKey={p.id}
              items={[
                { label: 'Edit', onSelect: () => onAction('edit', p) },
                p.enabled
                  ? { label: 'Disable', onSelect: () => onAction('disable', p) }
                  : { label: 'Enable', onSelect: () => onAction('enable', p) },
                { label: 'Delete', onSelect: () => onAction('delete', p), tone: 'danger' },
              ]}
            />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
