import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Dialog, DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { SelectField, TextField, focusFirstInvalid } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { useUnlockUser } from '../api/unlock-user';
import { useUpdateUser } from '../api/update-user';
import type { Role, User } from '../api/types';

/** An administrator's actions on one user: edit, reset password, disable or enable, API tokens on or off. */
export function UserAdminControls({ user, isSelf }: { user: User; isSelf: boolean }) {
  const [dialog, setDialog] = useState<'edit' | 'password' | 'disable' | null>(null);
  const toggle = useUpdateUser(user.id);
  const unlock = useUnlockUser(user.id);
  const close = () => setDialog(null);

  return (
    <div className="admin-controls">
      <div className="button-row">
        <Button onClick={() => setDialog('edit')}>Edit user</Button>
        <Button onClick={() => setDialog('password')}>Reset password</Button>
        {user.disabled ? (
          <Button busy={toggle.isPending} onClick={() => toggle.mutate({ disabled: false })}>
            Enable user
          </Button>
        ) : (
          <Button variant="danger" disabled={isSelf} onClick={() => setDialog('disable')}>
            Disable user
          </Button>
        )}
        <Button busy={unlock.isPending} onClick={() => unlock.mutate()}>
          Unlock sign-in
        </Button>
      </div>
      <div role="status" className={unlock.isSuccess ? 'notice notice-success' : undefined}>
        {unlock.isSuccess
          ? `${user.username} can try signing in again: the lockout after failed attempts is lifted.`
          : null}
      </div>
      {unlock.isError ? <ErrorAlert>{errorMessage(unlock.error)}</ErrorAlert> : null}
      <div className="switch-field">
        <input
          id="api-tokens-switch"
          type="checkbox"
          role="switch"
          className="switch"
          checked={user.apiTokensEnabled}
          disabled={toggle.isPending}
          onChange={(e) => toggle.mutate({ apiTokensEnabled: e.target.checked })}
          aria-describedby="api-tokens-switch-hint"
        />
        <label htmlFor="api-tokens-switch">API tokens enabled</label>
        <p id="api-tokens-switch-hint" className="field-hint">
          While off, this user cannot generate tokens and every existing token of theirs is refused.
        </p>
      </div>
      {toggle.isError && dialog === null ? <ErrorAlert>{errorMessage(toggle.error)}</ErrorAlert> : null}

      <EditUserDialog user={user} isSelf={isSelf} open={dialog === 'edit'} onClose={close} />
      <ResetPasswordDialog user={user} open={dialog === 'password'} onClose={close} />
      <ConfirmDialog
        open={dialog === 'disable'}
        onOpenChange={(open) => !open && close()}
        title="Disable user?"
        confirmLabel="Disable user"
        busy={toggle.isPending}
        error={toggle.isError ? errorMessage(toggle.error) : undefined}
        onConfirm={() => toggle.mutate({ disabled: true }, { onSuccess: close })}
      >
        {user.displayName || user.username} is signed out everywhere, cannot sign in, and their tokens are refused until
        you enable the account again.
      </ConfirmDialog>
    </div>
  );
}

function EditUserDialog({
  user,
  isSelf,
  open,
  onClose,
}: {
  user: User;
  isSelf: boolean;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title="Edit user">
      {open ? <EditUserForm user={user} isSelf={isSelf} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditUserForm({ user, isSelf, onDone }: { user: User; isSelf: boolean; onDone: () => void }) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const update = useUpdateUser(user.id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch = {
      ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
    };
    if (Object.keys(patch).length === 0) return onDone();
    update.mutate(patch, { onSuccess: onDone });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
      <SelectField
        label="Role"
        value={role}
        disabled={isSelf}
        hint={isSelf ? 'You cannot change your own role.' : 'Administrators manage users and every token.'}
        onChange={(e) => setRole(e.target.value as Role)}
        options={[
          { value: 'user', label: 'User' },
          { value: 'admin', label: 'Administrator' },
        ]}
      />
      {update.isError ? <ErrorAlert>{errorMessage(update.error)}</ErrorAlert> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save
        </Button>
      </DialogActions>
    </form>
  );
}

function ResetPasswordDialog({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title="Reset password">
      {open ? <ResetPasswordForm user={user} onDone={onClose} /> : null}
    </Dialog>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const update = useUpdateUser(user.id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < 12) {
      setError('Use at least 12 characters.');
      return focusFirstInvalid(e.currentTarget as HTMLFormElement);
    }
    setError(undefined);
    update.mutate({ password }, { onSuccess: onDone });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        {user.displayName || user.username} is signed out of every session and signs in with the new password. Their
        tokens keep working.
      </p>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint="At least 12 characters; common passwords are refused."
        error={error ?? (update.error ? errorMessage(update.error) : undefined)}
      />
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={update.isPending}>
          Reset password
        </Button>
      </DialogActions>
    </form>
  );
}
