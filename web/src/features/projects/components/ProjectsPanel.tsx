import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { ListSearch } from '../../../components/ui/ListControls';
import { Pagination } from '../../../components/ui/Pagination';
import { useRowConfirmation, type ConfirmationText } from '../../../components/ui/row-confirmation';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useDebounced } from '../../../lib/use-debounced';
import { useDeleteProject } from '../api/delete-project';
import { useProjects } from '../api/list-projects';
import type { Project } from '../api/types';
import { useUpdateProject } from '../api/update-project';
import { ProjectFormDialog } from './ProjectFormDialog';
import { ProjectsTable, type ProjectAction } from './ProjectsTable';

const members = (n: number) => (n === 1 ? 'Its 1 member loses' : `Its ${n} members lose`);

const CONFIRM = {
  disable: {
    title: 'Disable this project?',
    label: 'Disable',
    tone: 'primary',
    text: (_p: Project) =>
      'Its members keep their roles, but no Keystone token can be scoped to it until you enable it again.',
  },
  delete: {
    title: 'Delete this project?',
    label: 'Delete',
    tone: 'danger',
    text: (p: Project) =>
      `${members(p.memberCount)} access to it, and the Keystone tokens scoped to it stop working at once. This can’t be undone.`,
  },
} as const satisfies Record<string, ConfirmationText<Project>>;

/** Identity → Projects: search, the table, Create project, and each project's Edit, Disable/Enable and Delete. */
export function ProjectsPanel() {
  const [params, setParams] = useSearchParams();
  const searchText = params.get('q') ?? '';
  const search = useDebounced(searchText.trim(), 250);
  const { cursor, page, next, previous } = useCursorPages(search);
  const list = useProjects({ search, cursor });
  const [editing, setEditing] = useState<Project | 'new' | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const update = useUpdateProject();
  const remove = useDeleteProject();
  // The row a dialog was for: focus goes back to its Actions button (or, once it is gone, to Create project).
  const confirmation = useRowConfirmation(CONFIRM, [update, remove], createButton, (action, p, done) => {
    if (action === 'disable')
      update.mutate({ id: p.id, enabled: false }, { onSuccess: () => done(`Disabled project ${p.name}.`) });
    if (action === 'delete') remove.mutate(p.id, { onSuccess: () => done(`Deleted project ${p.name}.`) });
  });

  const act = (action: ProjectAction, p: Project) => {
    confirmation.returnTo(p.id);
    if (action === 'edit') return setEditing(p);
    if (action === 'enable')
      return update.mutate(
        { id: p.id, enabled: true },
        {
          onSuccess: () => toast.success(`Enabled project ${p.name}. Keystone tokens can be scoped to it again.`),
          onError: (e) => toast.error(`Project ${p.name} could not be enabled: ${errorMessage(e)}`),
        },
      );
    confirmation.ask(action, p);
  };

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="projects-heading" className="stack">
      <div className="page-header">
        <div>
          <h1 id="projects-heading">Projects</h1>
          <p className="muted">
            Keystone projects: who may use each one and with which role. A project-scoped token carries its project and
            the roles its user holds there.
          </p>
        </div>
        <Button
          ref={createButton}
          variant="primary"
          onClick={() => {
            confirmation.returnTo(null);
            setEditing('new');
          }}
        >
          Create project
        </Button>
      </div>
      <div className="list-controls" role="search" aria-label="Filter projects">
        <ListSearch
          label="Search projects"
          placeholder="Search by name or description"
          value={searchText}
          onChange={(q) =>
            setParams(q ? { q } : {}, {
              replace: true,
              preventScrollReset: true,
            })
          }
        />
      </div>
      {list.isPending ? <Loading label="Loading projects…" /> : null}
      {list.isError ? (
        <ErrorAlert title="The projects could not be loaded.">{errorMessage(list.error)}</ErrorAlert>
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState title={search ? 'No projects match' : 'No projects yet'}>
          {search ? 'Try a different search.' : 'Create one, then add the users who work in it.'}
        </EmptyState>
      ) : null}
      {items.length > 0 ? <ProjectsTable projects={items} busy={list.isPlaceholderData} onAction={act} /> : null}
      {list.data ? (
        <Pagination
          page={page}
          nextCursor={list.data.nextCursor}
          stale={list.isPlaceholderData}
          onNext={next}
          onPrevious={previous}
        />
      ) : null}

      <ProjectFormDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onCloseAutoFocus={confirmation.returnFocus}
      />
      <ConfirmDialog {...confirmation.dialog}>
        {confirmation.confirming ? (
          <>
            <strong>{confirmation.confirming.row.name}</strong>
            {'. '}
            {confirmation.text}
          </>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
