import { useId } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { errorMessage } from '../../../lib/api-client';
import { useUserProjects } from '../../../lib/user-projects';
import { RoleBadges } from './MembersTable';
import { projectPagePath } from './project-schemas';
import { ProjectStatus } from './ProjectsTable';

export interface UserProjectsSectionProps {
  /** `me` on User Settings, the user's id on their page. */
  userId: string;
  /** The user's name as the page shows it, for an administrator's view of someone else. */
  userName?: string | undefined;
  /** Link each project to its page (administrators); a user reads theirs without. */
  linkToProjects: boolean;
}

/** User Settings → Projects and a user's Projects: the projects they hold a role in, with those roles. Read-only. */
export function UserProjectsSection({ userId, userName, linkToProjects }: UserProjectsSectionProps) {
  const headingId = useId();
  const projects = useUserProjects(userId);
  const own = userId === 'me';
  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel-header">
        <div>
          <h2 id={headingId} className="panel-heading">
            Projects
          </h2>
          <p className="muted">
            {own
              ? 'The projects you hold a role in. Scope a Keystone token to one of them to use it; an administrator grants and removes roles.'
              : `The projects ${userName ?? 'this user'} holds a role in. Roles are granted and removed on each project’s page.`}
          </p>
        </div>
      </header>
      {projects.isPending ? <Loading label="Loading projects…" /> : null}
      {projects.isError ? (
        <ErrorAlert title="The projects could not be loaded.">{errorMessage(projects.error)}</ErrorAlert>
      ) : null}
      {projects.data && projects.data.items.length === 0 ? (
        <EmptyState title="No projects">
          {own ? 'You hold no role in any project yet.' : 'This user holds no role in any project.'}
        </EmptyState>
      ) : null}
      {projects.data && projects.data.items.length > 0 ? (
        <Table caption="Projects" columns={['Name', 'Description', 'Roles', 'Status']} stacked>
          {projects.data.items.map((p) => (
            <tr key={p.id}>
              <Td className="cell-strong">
                {linkToProjects ? <Link to={projectPagePath(p.id)}>{p.name}</Link> : p.name}
              </Td>
              <Td data-label="Description">{p.description || <span className="muted">—</span>}</Td>
              <Td data-label="Roles">
                <RoleBadges roles={p.roles} />
              </Td>
              <Td data-label="Status">
                <ProjectStatus enabled={p.enabled} />
              </Td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}
