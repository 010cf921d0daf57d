import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ActionsMenu, focusRowActions } from '../../../components/ui/ActionsMenu';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Badge, EmptyState } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useGrantRole } from '../api/grant-role';
import { useRevokeRole } from '../api/revoke-role';
import type { Project, ProjectMember, ProjectRole } from '../api/types';
import { ROLES, ROLE_LABELS } from './project-schemas';

export function RoleBadges({ roles }: { roles: readonly ProjectRole[] }) {
  return (
    <span className="badges">
      {roles.map((r) => (
        <Badge key={r} tone={r === 'admin' ? 'warning' : 'neutral'}>
          {ROLE_LABELS[r]}
        </Badge>
      ))}
    </span>
  );
}

type Removing = { member: ProjectMember; role: ProjectRole } | null;

/** A project's members: username (to their page), display name, roles; Grant the other role or Remove one. */
export function MembersTable({
  project,
  members,
  onEmptied,
}: {
  project: Project;
  members: ProjectMember[];
  /** Where focus goes when the member whose role was removed is no longer listed. */
  onEmptied: () => void;
}) {
  const grant = useGrantRole();
  const revoke = useRevokeRole();
  const [removing, setRemoving] = useState<Removing>(null);
  // The member a confirmation was for (still known once it has closed): focus goes back to their Actions button.
  const lastRow = useRef<string | null>(null);

  const grantOther = (m: ProjectMember, role: ProjectRole) =>
    grant.mutate(
      { projectId: project.id, userId: m.user.id, role },
      {
        onSuccess: () => toast.success(`Granted ${m.user.username} the ${ROLE_LABELS[role]} role in ${project.name}.`),
        onError: (e) => toast.error(`${m.user.username} could not be granted the role: ${errorMessage(e)}`),
      },
    );

  const remove = () => {
    if (!removing) return;
    const { member: m, role } = removing;
    revoke.mutate(
      { projectId: project.id, userId: m.user.id, role },
      {
        onSuccess: () => {
          setRemoving(null);
          toast.success(`Removed the ${ROLE_LABELS[role]} role in ${project.name} from ${m.user.username}.`);
        },
      },
    );
  };

  const lastRole = removing !== null && removing.member.roles.length === 1;
  return (
    <>
      {members.length === 0 ? (
        <EmptyState title="No members yet">Add the users who work in this project, with a role.</EmptyState>
      ) : null}
      {members.length > 0 ? (
        <Table caption="Members" columns={['Username', 'Display name', 'Roles']} actions stacked>
          {members.map((m) => (
            <tr key={m.user.id}>
              <Td className="cell-strong">
                <Link to={`/identity/users/${encodeURIComponent(m.user.id)}`}>{m.user.username}</Link>
              </Td>
              <Td data-label="Display name">{m.user.displayName}</Td>
              <Td data-label="Roles">
                <RoleBadges roles={m.roles} />
              </Td>
              <Td className="cell-actions">
                <ActionsMenu
                  label={`Actions for ${m.user.username}`}
                  rowKey={`member-${m.user.id}`}
                  items={[
                    ...ROLES.filter((r) => !m.roles.includes(r)).map((r) => ({
                      label: `Grant ${ROLE_LABELS[r]} role`,
                      onSelect: () => grantOther(m, r),
                    })),
                    ...m.roles.map((r) => ({
                      label: `Remove ${ROLE_LABELS[r]} role`,
                      tone: 'danger' as const,
                      onSelect: () => {
                        revoke.reset();
                        lastRow.current = `member-${m.user.id}`;
                        setRemoving({ member: m, role: r });
                      },
                    })),
                  ]}
                />
              </Td>
            </tr>
          ))}
        </Table>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={removing ? `Remove the ${ROLE_LABELS[removing.role]} role?` : ''}
        confirmLabel="Remove"
        busy={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : undefined}
        onConfirm={remove}
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          if (!(lastRow.current && focusRowActions(lastRow.current))) onEmptied();
        }}
      >
        {removing ? (
          <>
            <strong>{removing.member.user.username}</strong> in <strong>{project.name}</strong>.{' '}
            {lastRole
              ? 'It is their only role there: they lose access to the project, and their Keystone tokens scoped to it stop working.'
              : 'Their Keystone tokens scoped to the project no longer carry it; their other role stays.'}
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
