import { useState } from 'react';
import type { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { useCreateServiceAccount } from '../api/create-service-account';
import type { ServiceAccount } from '../api/types';
import { OwnerSelectField } from './OwnerSelectField';
import { ADMINISTRATORS, createServiceAccountSchema, ownerIdOf } from './service-account-schemas';

type Values = z.input<typeof createServiceAccountSchema>;

/** Create service account (administrators), confirmed in a toast; `onCreated` may open its page. */
export function CreateServiceAccountDialog({ onCreated }: { onCreated?: (account: ServiceAccount) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create service account
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Create service account">
        {open ? (
          <CreateForm
            onCreated={(a) => {
              setOpen(false);
              toast.success(`Created service account ${a.username}. Generate its credentials on its page.`);
              onCreated?.(a);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function CreateForm({ onCreated }: { onCreated: (account: ServiceAccount) => void }) {
  const form = useZodForm(createServiceAccountSchema, {
    defaultValues: { username: '', displayName: '', description: '', ownerId: ADMINISTRATORS },
  });
  const create = useCreateServiceAccount();
  const submit = ({ displayName, ownerId, ...rest }: z.output<typeof createServiceAccountSchema>) =>
    create.mutate(
      { ...rest, ...(displayName ? { displayName } : {}), ownerId: ownerIdOf(ownerId) },
      {
        onSuccess: onCreated,
        onError: (error) => applyServerErrors(form, error),
      },
    );

  return (
    <DialogForm form={form} onSubmit={submit} mutation={create} submitLabel="Create service account">
      <p className="muted">A program’s own identity: it has no password and cannot sign in to the console.</p>
      <FormTextField<Values>
        name="username"
        label="Username"
        required
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint="Names it in HTTP Basic credentials and in the activity. Stored in lower case."
      />
      <FormTextField<Values> name="displayName" label="Display name" autoComplete="off" />
      <FormTextField<Values> name="description" label="Description" autoComplete="off" hint="What it is for." />
      <OwnerSelectField<Values> name="ownerId" canListPeople />
    </DialogForm>
  );
}
