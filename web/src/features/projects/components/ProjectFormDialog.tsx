import { MAX_DESCRIPTION_LENGTH, MAX_PROJECT_NAME_LENGTH } from '@tessera/rules';
import type { z } from 'zod';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { useCreateProject } from '../api/create-project';
import type { Project } from '../api/types';
import { useUpdateProject } from '../api/update-project';
import { projectFormSchema, type ProjectFormValues } from './project-schemas';

export interface ProjectFormDialogProps {
  /** `'new'` for Create project, a project for Edit, null while closed. */
  editing: Project | 'new' | null;
  onClose: () => void;
  onCloseAutoFocus?: (event: Event) => void;
}

/** Create project and Edit project: Name and Description, each confirmed in a toast. */
export function ProjectFormDialog({ editing, onClose, onCloseAutoFocus }: ProjectFormDialogProps) {
  return (
    <Dialog
      open={editing !== null}
      onOpenChange={(open) => !open && onClose()}
      title={editing === 'new' ? 'Create project' : 'Edit project'}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {editing === 'new' ? <CreateForm onDone={onClose} /> : null}
      {editing !== null && editing !== 'new' ? <EditForm project={editing} onDone={onClose} /> : null}
    </Dialog>
  );
}

function Fields() {
  return (
    <>
      <FormTextField<ProjectFormValues>
        name="name"
        label="Name"
        required
        maxLength={MAX_PROJECT_NAME_LENGTH}
        autoComplete="off"
        hint="Unique in the organisation, whatever the case. OpenStack clients name it as OS_PROJECT_NAME."
      />
      <FormTextField<ProjectFormValues>
        name="description"
        label="Description"
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
        hint="Optional: what the project is for, e.g. “Payments team’s staging”."
      />
    </>
  );
}

function CreateForm({ onDone }: { onDone: () => void }) {
  const form = useZodForm(projectFormSchema, { defaultValues: { name: '', description: '' } });
  const create = useCreateProject();
  const submit = (values: z.output<typeof projectFormSchema>) =>
    create.mutate(values, {
      onSuccess: (p) => {
        toast.success(`Created project ${p.name}. Add its members from its page.`);
        onDone();
      },
      onError: (error) => applyServerErrors(form, error),
    });
  return (
    <DialogForm form={form} onSubmit={submit} mutation={create} submitLabel="Create project">
      <Fields />
    </DialogForm>
  );
}

function EditForm({ project, onDone }: { project: Project; onDone: () => void }) {
  const form = useZodForm(projectFormSchema, {
    defaultValues: { name: project.name, description: project.description },
  });
  const update = useUpdateProject();
  const submit = (values: z.output<typeof projectFormSchema>) =>
    update.mutate(
      { id: project.id, ...values },
      {
        onSuccess: (saved) => {
          toast.success(`Saved project ${saved.name}.`);
          onDone();
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  return (
    <DialogForm form={form} onSubmit={submit} mutation={update} submitLabel="Save">
      <Fields />
    </DialogForm>
  );
}
