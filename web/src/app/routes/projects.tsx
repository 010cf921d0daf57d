import { IdentityPage } from '../../components/layout/IdentityPage';
import { ProjectsPanel } from '../../features/projects/components/ProjectsPanel';

/** Identity → Projects. */
export function Component() {
  return (
    <IdentityPage title="Projects">
      <ProjectsPanel />
    </IdentityPage>
  );
}
