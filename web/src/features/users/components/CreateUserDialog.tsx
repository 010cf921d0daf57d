import { MIN_PASSWORD_LENGTH } from '@tessera/rules';
import { useState } from 'react';
import type { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Dialog } from '../../../components/ui/Dialog';
import {
  FormCheckboxField,
  FormSelectField,
  FormTextField,
  applyServerErrors,
  useZodForm,
} from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
import { toast } from '../../../components/ui/toast';
import { useCreateUser } from '../api/create-user';
import type { User } from '../api/types';
import { ROLE_OPTIONS, createUserSchema } from './user-schemas';

type Values = z.input<typeof createUserSchema>;

/** Create user, confirmed in a toast; the new user shows in the list, which the creation refreshes. */
export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create user
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Create user">
        {open ? (
          <CreateUserForm
            onCreated={(u) => {
              setOpen(false);
              toast.success(`Created user ${u.username}. They can sign in now.`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const form = useZodForm(createUserSchema, {
    defaultValues: { username: '', displayName: '', password: '', role: 'user', apiTokensEnabled: true },
  });
  const create = useCreateUser();
  const submit = ({ displayName, ...rest }: z.output<typeof createUserSchema>) =>
    create.mutate(
      { ...rest, ...(displayName ? { displayName } : {}) },
      { onSuccess: onCreated, onError: (error) => applyServerErrors(form, error) },
    );

  return (
    <DialogForm form={form} onSubmit={submit} mutation={create} submitLabel="Create user">
      <FormTextField<Values>
        name="username"
        label="Username"
        required
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint="Used to sign in and in HTTP Basic credentials. Stored in lower case."
      />
      <FormTextField<Values> name="displayName" label="Display name" autoComplete="off" />
      <FormTextField<Values>
        name="password"
        label="Password"
        type="password"
        required
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters; common passwords are refused.`}
      />
      <FormSelectField<Values> name="role" label="Role" options={ROLE_OPTIONS} />
      <FormCheckboxField<Values>
        name="apiTokensEnabled"
        label="API tokens enabled"
        hint="Lets this user generate auth tokens for scripts."
      />
    </DialogForm>
  );
}
