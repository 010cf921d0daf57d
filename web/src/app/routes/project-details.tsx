import { useParams } from 'react-router';
import { IdentityPage } from '../../components/layout/IdentityPage';
import { useProject } from '../../features/projects/api/get-project';
import { ProjectPage } from '../../features/projects/components/ProjectDetails';

/** Identity → Projects → a project and its members. */
export function Component() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  return (
    <IdentityPage title={project.data?.name ?? 'Project'} trail={[{ to: '/identity/projects', label: 'Projects' }]}>
      <ProjectPage projectId={projectId} />
    </IdentityPage>
  );
}
