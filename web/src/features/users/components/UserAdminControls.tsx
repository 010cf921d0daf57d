import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Badge, ErrorAlert, Notice } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useUnlockUser } from '../api/unlock-user';
import { useUpdateUser } from '../api/update-user';
import type { User } from '../api/types';
import { lockedUntil, formatUntil } from './lockout';
import { EditUserDialog, ResetPasswordDialog } from './UserDialogs';

/** An administrator's actions on one user: edit, reset password, disable or enable, API tokens on or off. */
export function UserAdminControls({ user, isSelf }: { user: User; isSelf: boolean }) {
  const [dialog, setDialog] = useState<'edit' | 'password' | 'disable' | null>(null);
  const toggle = useUpdateUser(user.id);
  const unlock = useUnlockUser(user.id);
  const close = () => setDialog(null);
  // What the action did, said in a toast once the dialog (if any) has closed.
  const finished = (message: string) => {
    close();
    toast.success(message);
  };
  const name = user.username;
  const until = lockedUntil(user);
  const setApiTokens = (on: boolean) =>
    toggle.mutate(
      { apiTokensEnabled: on },
      {
        onSuccess: () =>
          toast.success(
            on
              ? `Turned API tokens on for ${name}: their tokens work again.`
              : `Turned API tokens off for ${name}: their tokens are refused until you turn them on again.`,
          ),
      },
    );

  return (
    <div className="admin-controls">
      {until ? (
        <Notice tone="warning">
          Sign-in is locked until{' '}
          <time dateTime={until} title={formatDateTime(until)}>
            {formatUntil(until)}
          </time>{' '}
          after repeated failed attempts. Unlock sign-in lifts it now.
        </Notice>
      ) : null}
      <div className="button-row">
        <Button onClick={() => setDialog('edit')}>Edit user</Button>
        {isSelf ? (
          // One's own password changes with the current one, on User Settings → Security (F-7).
          <Link to="/settings/security" className="btn btn-secondary">
            Change your password
          </Link>
        ) : (
          <Button onClick={() => setDialog('password')}>Reset password</Button>
        )}
        {user.disabled ? (
          <Button
            busy={toggle.isPending}
            onClick={() =>
              toggle.mutate(
                { disabled: false },
                { onSuccess: () => toast.success(`Enabled ${name}: they can sign in and their tokens work again.`) },
              )
            }
          >
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
              // Says what it did: there may have been no lockout to lift.
              onSuccess: ({ wasLocked }) =>
                toast.success(wasLocked ? `Lifted the sign-in lockout of ${name}.` : `${name} was not locked out.`),
            })
          }
        >
          Unlock sign-in
        </Button>
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
          onChange={(e) => setApiTokens(e.target.checked)}
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
        onConfirm={() =>
          toggle.mutate(
            { disabled: true },
            { onSuccess: () => finished(`Disabled ${name}: signed out everywhere, and their tokens are refused.`) },
          )
        }
      >
        {user.displayName || user.username} is signed out everywhere, cannot sign in, and their tokens are refused until
        you enable the account again.
      </ConfirmDialog>
    </div>
  );
}

/** "Locked until …" beside the user's status while failed sign-ins keep them out. */
export function LockedBadge({ user }: { user: User }) {
  const until = lockedUntil(user);
  return until ? <Badge tone="warning">Locked until {formatUntil(until)}</Badge> : null;
}
