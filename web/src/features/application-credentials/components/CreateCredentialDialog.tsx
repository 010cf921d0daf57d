import { MAX_DESCRIPTION_LENGTH } from '@tessera/rules';
import { useIsMutating } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { ExpiryFields } from '../../../components/credentials/ExpiryFields';
import {
  defaultExpiryChoice,
  expiresAtFor,
  toDateInputValue,
  type ExpiryChoice,
  type ExpiryPolicy,
} from '../../../components/credentials/expiry';
import { SelectField } from '../../../components/ui/Field';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { ErrorAlert, Loading, Notice } from '../../../components/ui/Feedback';
import { FormCheckboxField, FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { errorMessage } from '../../../lib/api-client';
import { addDays } from '../../../lib/format';
import {
  CREATE_APPLICATION_CREDENTIAL_KEY,
  useCreateApplicationCredential,
} from '../api/create-application-credential';
import { useCredentialProjects, type CredentialProject } from '../api/credential-projects';
import type { NewApplicationCredential, ProjectRole } from '../api/types';
import { createCredentialSchema } from './credential-schema';
import { RolesChecklist } from './RolesChecklist';

export interface CreateCredentialDialogProps {
  userId: string;
  policy: ExpiryPolicy;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Receives the new credential (with its secret) to hand to the reveal dialog. */
  onCreated: (credential: NewApplicationCredential) => void;
}

export function CreateCredentialDialog({ open, onOpenChange, ...rest }: CreateCredentialDialogProps) {
  const busy = useIsMutating({ mutationKey: CREATE_APPLICATION_CREDENTIAL_KEY }) > 0;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create application credential" size="lg" busy={busy}>
      {/* Mounted only while open, so every opening starts from a clean form. */}
      {open ? <CreateCredentialBody {...rest} /> : null}
    </Dialog>
  );
}

function CreateCredentialBody(props: Omit<CreateCredentialDialogProps, 'open' | 'onOpenChange'>) {
  const projects = useCredentialProjects(props.userId);
  if (projects.isPending) return <Loading label="Loading projects…" />;
  if (projects.isError)
    return <ErrorAlert title="The projects could not be loaded.">{errorMessage(projects.error)}</ErrorAlert>;
  if (projects.data.length === 0)
    return (
      <Notice tone="info">
        An application credential is bound to a project, and there is none to choose: an administrator can give a role
        in a project (Identity → Projects).
      </Notice>
    );
  return <CreateCredentialForm {...props} projects={projects.data} />;
}

interface Values {
  name: string;
  description: string;
  projectId: string;
  roles: ProjectRole[];
  choice: ExpiryChoice;
  customDate: string;
  unrestricted: boolean;
}

function CreateCredentialForm({
  userId,
  policy,
  onCreated,
  projects,
}: Omit<CreateCredentialDialogProps, 'open' | 'onOpenChange'> & { projects: CredentialProject[] }) {
  const schema = useMemo(() => createCredentialSchema(policy), [policy]);
  const first = projects[0]!;
  const form = useZodForm(schema, {
    defaultValues: {
      name: '',
      description: '',
      projectId: first.id,
      roles: first.roles,
      choice: defaultExpiryChoice(policy),
      customDate: toDateInputValue(addDays(policy.defaultLifetimeDays)),
      unrestricted: false,
    } satisfies Values,
  });
  // The projects may arrive after the dialog opened (focus then rests on the dialog): Name is where typing starts.
  useEffect(() => form.setFocus('name'), [form]);
  const projectId = useWatch({ control: form.control, name: 'projectId' });
  const unrestricted = useWatch({ control: form.control, name: 'unrestricted' });
  const available = projects.find((p) => p.id === projectId)?.roles ?? [];
  const create = useCreateApplicationCredential(userId);

  const submit = (v: Values) =>
    create.mutate(
      {
        name: v.name,
        description: v.description,
        projectId: v.projectId,
        roles: v.roles,
        expiresAt: expiresAtFor(v.choice, v.customDate, policy),
        unrestricted: v.unrestricted,
      },
      {
        onSuccess: (credential) => {
          create.reset();
          onCreated(credential);
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );

  return (
    <DialogForm form={form} onSubmit={submit} mutation={create} submitLabel="Create application credential">
      <FormTextField<Values>
        name="name"
        label="Name"
        required
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
        hint="How a program's configuration names it, e.g. “ci-deploy”. Unique among yours."
      />
      <FormTextField<Values>
        name="description"
        label="Description"
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
      />
      <ProjectSelect projects={projects} />
      <RolesChecklist available={available} />
      <ExpiryFields policy={policy} subject="It" neverHint="It works until you delete it. Consider an expiry date." />
      <FormCheckboxField<Values>
        name="unrestricted"
        label="Unrestricted"
        hint="Tokens from it may create and delete application credentials."
      />
      {unrestricted ? (
        <Notice tone="warning">
          <strong>Unrestricted:</strong> whoever holds this secret can make new credentials that outlive it. Leave it
          off unless a program must manage application credentials itself.
        </Notice>
      ) : null}
    </DialogForm>
  );
}

/** The Project select: choosing one ticks every role the user holds there (a subset can then be unticked). */
function ProjectSelect({ projects }: { projects: CredentialProject[] }) {
  const { register, setValue, formState } = useFormContext<Values>();
  const error = formState.errors.projectId?.message;
  return (
    <SelectField
      label="Project"
      hint="Tokens from it are scoped to this project."
      error={error}
      options={projects.map((p) => ({ value: p.id, label: p.name }))}
      {...register('projectId', {
        onChange: (e: { target: { value: string } }) =>
          setValue('roles', projects.find((p) => p.id === e.target.value)?.roles ?? []),
      })}
    />
  );
}
