import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { CheckboxField, SelectField, TextField, focusFirstInvalid } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useCreateUser } from '../api/create-user';
import type { User } from '../api/types';

const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'Enter a username.')
    .max(64, 'Keep the username to 64 characters or fewer.')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'Use letters, digits and . _ @ - only, starting with a letter or digit.'),
  displayName: z.string().trim().max(128, 'Keep the display name to 128 characters or fewer.'),
  password: z.string().min(12, 'Use at least 12 characters.'),
  role: z.enum(['user', 'admin']),
  apiTokensEnabled: z.boolean(),
});

type FormErrors = Partial<Record<'username' | 'displayName' | 'password', string>>;

export function CreateUserDialog({ onCreated }: { onCreated: (user: User) => void }) {
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
              onCreated(u);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    password: '',
    role: 'user' as 'user' | 'admin',
    apiTokensEnabled: true,
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const create = useCreateUser();
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = createUserSchema.safeParse(form);
    if (!parsed.success) {
      const next: FormErrors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof FormErrors] ??= issue.message;
      setErrors(next);
      focusFirstInvalid(e.currentTarget as HTMLFormElement);
      return;
    }
    setErrors({});
    const { displayName, ...rest } = parsed.data;
    create.mutate({ ...rest, ...(displayName ? { displayName } : {}) }, { onSuccess: onCreated });
  };

  const server = create.error instanceof ApiError ? create.error : undefined;
  // Server field messages read "must be …", so they get the field's name in front.
  const fieldError = (name: keyof FormErrors, label: string) => {
    const fromServer = server?.fieldMessage(name);
    return errors[name] ?? (fromServer ? `${label} ${fromServer}.` : undefined);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Username"
        name="username"
        required
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={form.username}
        onChange={(e) => set('username', e.target.value)}
        hint="Used to sign in and in HTTP Basic credentials. Stored in lower case."
        error={fieldError('username', 'The username')}
      />
      <TextField
        label="Display name"
        name="displayName"
        autoComplete="off"
        value={form.displayName}
        onChange={(e) => set('displayName', e.target.value)}
        error={fieldError('displayName', 'The display name')}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        required
        autoComplete="new-password"
        value={form.password}
        onChange={(e) => set('password', e.target.value)}
        hint="At least 12 characters; common passwords are refused."
        error={fieldError('password', 'The password')}
      />
      <SelectField
        label="Role"
        name="role"
        value={form.role}
        onChange={(e) => set('role', e.target.value as 'user' | 'admin')}
        options={[
          { value: 'user', label: 'User' },
          { value: 'admin', label: 'Administrator' },
        ]}
      />
      <CheckboxField
        label="API tokens enabled"
        checked={form.apiTokensEnabled}
        onChange={(e) => set('apiTokensEnabled', e.target.checked)}
        hint="Lets this user generate auth tokens for scripts."
      />
      {create.isError && !server?.fieldErrors.length ? <ErrorAlert>{errorMessage(create.error)}</ErrorAlert> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create user
        </Button>
      </DialogActions>
    </form>
  );
}
