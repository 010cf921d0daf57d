import { Chips } from './CredentialDetails';
import { projectsSummary, type ProjectRef } from './projects';

/** A credential's projects on its details page: a chip per project, or what no limit (or an emptied one) means. */
export function ProjectsLimit({ projects }: { projects: readonly ProjectRef[] | null }) {
  if (projects === null || projects.length === 0) return <>{projectsSummary(projects)}</>;
  return <Chips items={projects.map((p) => p.name)} />;
}

/** On a list's row: the projects a limited credential may be used with, as chips; nothing for all projects. */
export function RowProjects({ projects }: { projects: readonly ProjectRef[] | null }) {
  if (projects === null) return null;
  return (
    <span className="row-projects">
      <span className="sr-only">Projects: </span>
      {projects.length === 0 ? (
        <span className="cell-meta">No projects</span>
      ) : (
        <Chips items={projects.map((p) => p.name)} />
      )}
    </span>
  );
}
