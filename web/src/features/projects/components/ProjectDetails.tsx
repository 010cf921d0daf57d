import { useRef } from 'react';
import { ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useProject } from '../api/get-project';
import { useMembers } from '../api/list-members';
import type { Project } from '../api/types';
import { AddMemberDialog } from './AddMemberDialog';
import { MembersTable } from './MembersTable';
import { ProjectStatus } from './ProjectsTable';

function Summary({ p }: { p: Project }) {
  return (
    <dl className="details-grid">
      <div>
        <dt>Status</dt>
        <dd>
          <ProjectStatus enabled={p.enabled} />
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          {formatDateTime(p.createdAt)}
          {p.createdBy ? ` by ${p.createdBy.username}` : ''}
        </dd>
      </div>
      <div>
        <dt>Project ID</dt>
        <dd>
          <code>{p.id}</code>
        </dd>
      </div>
    </dl>
  );
}

/** A project: its name, description, status and creation, and its Members with Add member and per-member roles. */
export function ProjectDetails({ project: p }: { project: Project }) {
  const members = useMembers(p.id);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {p.name}
          </h1>
          <p className="muted">{p.description || 'No description.'}</p>
        </div>
      </div>
      <Summary p={p} />
      <section aria-labelledby="members-heading" className="stack">
        <div className="page-header">
          <h2 id="members-heading">Members</h2>
          {members.data ? <AddMemberDialog project={p} members={members.data.items} /> : null}
        </div>
        {members.isPending ? <Loading label="Loading members…" /> : null}
        {members.isError ? (
          <ErrorAlert title="The members could not be loaded.">{errorMessage(members.error)}</ErrorAlert>
        ) : null}
        {members.data ? (
          <MembersTable project={p} members={members.data.items} onEmptied={() => heading.current?.focus()} />
        ) : null}
      </section>
    </div>
  );
}

/** Loads the project by its id; a project that is gone or not seen says so. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  if (project.isPending) return <Loading label="Loading the project…" />;
  if (project.isError)
    return (
      <div className="stack">
        <h1>Project not found</h1>
        <ErrorAlert>{errorMessage(project.error)}</ErrorAlert>
      </div>
    );
  return <ProjectDetails project={project.data} />;
}
