import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { useUnlockUser } from '../api/unlock-user';
import { useUpdateUser } from '../api/update-user';
import type { User } from '../api/types';
import { EditUserDialog, ResetPasswordDialog } from './UserDialogs';

/** An administrator's actions on one user: edit, reset password, disable or enable, API tokens on or off. */
export function UserAdminControls({ user, isSelf }: { user: User; isSelf: boolean }) {
  const [dialog, setDialog] = useState<'edit' | 'password' | 'disable' | null>(null);
  const toggle = useUpdateUser(user.id);
  const unlock = useUnlockUser(user.id);
  // What the last action did, said once in the status region (the dialogs close on success).
  const [done, setDone] = useState<string | null>(null);
  const close = () => setDialog(null);
  const finished = (message: string) => {
    close();
    setDone(message);
  };

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
        <Button
          busy={unlock.isPending}
          onClick={() =>
            unlock.mutate(undefined, {
              onSuccess: () =>
                setDone(`${user.username} can try signing in again: the lockout after failed attempts is lifted.`),
            })
          }
        >
          Unlock sign-in
        </Button>
      </div>
      <div role="status" className={done ? 'notice notice-success' : undefined}>
        {done}
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

      <EditUserDialog
        user={user}
        isSelf={isSelf}
        open={dialog === 'edit'}
        onClose={close}
        onDone={() => finished(`Saved the changes to ${user.username}.`)}
      />
      <ResetPasswordDialog
        user={user}
        open={dialog === 'password'}
        onClose={close}
        onDone={() =>
          finished(
            `Reset the password of ${user.username}, who is signed out everywhere and signs in with the new one.`,
          )
        }
      />
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
