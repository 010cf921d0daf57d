import { MIN_PASSWORD_LENGTH } from '@tessera/rules';
import type { z } from 'zod';
import { Dialog } from '../../../components/ui/Dialog';
import { FormSelectField, FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
import { useUpdateUser } from '../api/update-user';
import type { User } from '../api/types';
import { ROLE_OPTIONS, editUserSchema, resetPasswordSchema } from './user-schemas';

interface UserDialogProps {
  user: User;
  open: boolean;
  onClose: () => void;
  /** The change was made (the dialog is then closed by the caller). */
  onDone: () => void;
}

export function EditUserDialog({ user, isSelf, open, onClose, onDone }: UserDialogProps & { isSelf: boolean }) {
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title="Edit user">
      {open ? <EditUserForm user={user} isSelf={isSelf} onDone={onDone} onUnchanged={onClose} /> : null}
    </Dialog>
  );
}

type EditValues = z.input<typeof editUserSchema>;

function EditUserForm({
  user,
  isSelf,
  onDone,
  onUnchanged,
}: {
  user: User;
  isSelf: boolean;
  onDone: () => void;
  onUnchanged: () => void;
}) {
  const form = useZodForm(editUserSchema, { defaultValues: { displayName: user.displayName, role: user.role } });
  const update = useUpdateUser(user.id);
  // Only what changed is sent, so an unchanged role never trips the rule against changing your own.
  const submit = ({ displayName, role }: z.output<typeof editUserSchema>) => {
    const patch = {
      ...(displayName !== user.displayName ? { displayName } : {}),
      ...(role !== user.role ? { role } : {}),
    };
    if (Object.keys(patch).length === 0) return onUnchanged();
    update.mutate(patch, { onSuccess: onDone, onError: (error) => applyServerErrors(form, error) });
  };
  return (
    <DialogForm form={form} onSubmit={submit} mutation={update} submitLabel="Save">
      <FormTextField<EditValues> name="displayName" label="Display name" required autoComplete="off" />
      <FormSelectField<EditValues>
        name="role"
        label="Role"
        disabled={isSelf}
        hint={isSelf ? 'You cannot change your own role.' : 'Administrators manage users and every token.'}
        options={ROLE_OPTIONS}
      />
    </DialogForm>
  );
}

export function ResetPasswordDialog({ user, open, onClose, onDone }: UserDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title="Reset password">
      {open ? <ResetPasswordForm user={user} onDone={onDone} /> : null}
    </Dialog>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const form = useZodForm(resetPasswordSchema, { defaultValues: { password: '' } });
  const update = useUpdateUser(user.id);
  const submit = ({ password }: { password: string }) =>
    update.mutate({ password }, { onSuccess: onDone, onError: (error) => applyServerErrors(form, error) });
  return (
    <DialogForm form={form} onSubmit={submit} mutation={update} submitLabel="Reset password">
      <p className="muted">
        {user.displayName || user.username} is signed out of every session and signs in with the new password. Their
        Keystone tokens end; their auth tokens keep working.
      </p>
      <FormTextField<{ password: string }>
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters; common passwords are refused.`}
      />
    </DialogForm>
  );
}
