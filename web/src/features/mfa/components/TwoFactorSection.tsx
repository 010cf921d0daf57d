import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Badge, ErrorAlert, Loading, Notice } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDate, formatRelative } from '../../../lib/format';
import { useDisableTotp } from '../api/disable-totp';
import { useMfaStatus } from '../api/get-mfa-status';
import { useRegenerateRecoveryCodes } from '../api/regenerate-recovery-codes';
import { useRemovePasskey } from '../api/remove-passkey';
import type { Passkey } from '../api/types';
import '../mfa.css';
import { AddPasskeyDialog, RenamePasskeyDialog } from './PasskeyDialogs';
import { RecoveryCodesDialog } from './RecoveryCodesDialog';
import { SetUpAuthenticatorDialog } from './SetUpAuthenticatorDialog';

type Open = 'totp' | 'passkey' | 'turn-off' | 'regenerate' | null;

/** Ends every other session of the signed-in user; answers how many ended. */
export interface SignOutOthers {
  mutateAsync: () => Promise<{ ended: number }>;
  isPending: boolean;
}

/**
 * User Settings → Security → Two-factor authentication: the authenticator app, passkeys and recovery codes of the
 * signed-in user. `onEnrolled` runs once a first factor is set up and its recovery codes were closed (the enrolment
 * screen then lets the console in).
 */
export function TwoFactorSection({
  onEnrolled,
  signOutOthers,
}: {
  onEnrolled?: () => void;
  /** ASVS 7.4.3: after a factor changes, offer to end the other sessions (the security page lends its Sessions'). */
  signOutOthers?: SignOutOthers;
}) {
  const status = useMfaStatus('me');
  const [open, setOpen] = useState<Open>(null);
  // A factor was added or removed in this visit: the other sessions may be worth ending.
  const [changed, setChanged] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [renaming, setRenaming] = useState<Passkey | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const disableTotp = useDisableTotp();
  const regenerate = useRegenerateRecoveryCodes();
  const remove = useRemovePasskey();
  const close = () => setOpen(null);

  /** A first factor (or a new set of codes): the codes are shown once, then the enrolment may finish. */
  const showCodesOrFinish = (recoveryCodes: string[] | undefined) => {
    if (recoveryCodes) setCodes(recoveryCodes);
    else onEnrolled?.();
  };

  const s = status.data;
  return (
    <section className="card mfa-section" aria-labelledby="mfa-heading">
      <div className="mfa-heading-row">
        <h2 id="mfa-heading">Two-factor authentication</h2>
        {s ? s.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge> : null}
      </div>
      <p className="muted">
        A second step at sign-in, after your password: a code from an app on your phone, or a passkey.
      </p>
      {status.isPending ? <Loading /> : null}
      {status.isError ? <ErrorAlert>{errorMessage(status.error)}</ErrorAlert> : null}
      {s?.required && !s.enabled ? (
        <Notice tone="warning">
          Your organisation requires two-factor authentication. Set up at least one method.
        </Notice>
      ) : null}
      {changed && signOutOthers ? (
        <Notice tone="info">
          <p>
            Your other sessions stay signed in. If you changed this because a device was lost or someone else may have
            your password, sign them out.
          </p>
          <div className="button-row">
            <Button
              size="sm"
              busy={signOutOthers.isPending}
              onClick={() =>
                void signOutOthers.mutateAsync().then(
                  ({ ended }) => {
                    setChanged(false);
                    toast.success(
                      ended === 0
                        ? 'There were no other sessions to sign out.'
                        : `Signed out ${ended} other session${ended === 1 ? '' : 's'}.`,
                    );
                  },
                  (e: unknown) => toast.error(errorMessage(e)),
                )
              }
            >
              Sign out other sessions
            </Button>
          </div>
        </Notice>
      ) : null}
      {s ? (
        <div className="mfa-methods">
          <div className="mfa-method">
            <div>
              <h3>Authenticator app</h3>
              <p className="muted">
                {s.totp.enabled && s.totp.confirmedAt
                  ? `On since ${formatDate(s.totp.confirmedAt)}. Enter the app’s code when you sign in.`
                  : 'Get a 6-digit code from an app on your phone each time you sign in.'}
              </p>
            </div>
            <div className="button-row">
              {s.totp.enabled ? (
                <Button onClick={() => setOpen('turn-off')}>Turn off</Button>
              ) : (
                <Button variant="primary" onClick={() => setOpen('totp')}>
                  Set up authenticator app
                </Button>
              )}
            </div>
          </div>

          <div className="mfa-method">
            <div>
              <h3>Passkeys</h3>
              <p className="muted">Sign in with your device’s screen lock or a security key.</p>
            </div>
            {s.passkeys.length > 0 ? (
              <ul className="passkey-list" aria-label="Passkeys">
                {s.passkeys.map((p) => (
                  <li key={p.id} className="passkey-row">
                    <div>
                      <p className="passkey-name">{p.name}</p>
                      <p className="muted small">
                        Added {formatDate(p.createdAt)} ·{' '}
                        {p.lastUsedAt ? `last used ${formatRelative(p.lastUsedAt)}` : 'never used'}
                      </p>
                    </div>
                    <div className="button-row">
                      <Button size="sm" onClick={() => setRenaming(p)} aria-label={`Rename passkey ${p.name}`}>
                        Rename
                      </Button>
                      <Button size="sm" onClick={() => setRemoving(p)} aria-label={`Remove passkey ${p.name}`}>
                        Remove
                      </Button>
                    </div>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="button-row">
              <Button
                variant={s.totp.enabled || s.passkeys.length ? 'secondary' : 'primary'}
                onClick={() => setOpen('passkey')}
              >
                Add a passkey
              </Button>
            </div>
          </div>

          {s.enabled ? (
            <div className="mfa-method">
              <div>
                <h3>Recovery codes</h3>
                <p className="muted">
                  {s.recoveryCodesRemaining} of 10 left. Use one if you lose your phone or passkey; each works once.
                </p>
              </div>
              {s.recoveryCodesRemaining <= 2 ? (
                <Notice tone="warning">
                  {s.recoveryCodesRemaining === 0 ? 'No recovery codes left' : 'Few recovery codes left'}: regenerate
                  them so you can still sign in if you lose your phone or passkey.
                </Notice>
              ) : null}
              <div className="button-row">
                <Button onClick={() => setOpen('regenerate')}>Regenerate recovery codes</Button>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}

      <SetUpAuthenticatorDialog
        open={open === 'totp'}
        onOpenChange={(o) => setOpen(o ? 'totp' : null)}
        onDone={(recoveryCodes) => {
          close();
          toast.success('Authenticator app set up: you’ll enter its code when you sign in.');
          setChanged(true);
          showCodesOrFinish(recoveryCodes);
        }}
      />
      <AddPasskeyDialog
        open={open === 'passkey'}
        onOpenChange={(o) => setOpen(o ? 'passkey' : null)}
        onDone={(name, recoveryCodes) => {
          close();
          toast.success(`Passkey “${name}” added.`);
          setChanged(true);
          showCodesOrFinish(recoveryCodes);
        }}
      />
      <RenamePasskeyDialog passkey={renaming} onClose={() => setRenaming(null)} />
      <ConfirmDialog
        open={open === 'turn-off'}
        onOpenChange={(o) => {
          if (!o) close();
          disableTotp.reset();
        }}
        title="Turn off the authenticator app?"
        confirmLabel="Turn off"
        busy={disableTotp.isPending}
        error={disableTotp.error ? errorMessage(disableTotp.error) : undefined}
        onConfirm={() =>
          disableTotp.mutate(undefined, {
            onSuccess: () => {
              close();
              toast.success('Authenticator app turned off.');
              setChanged(true);
            },
          })
        }
      >
        Its codes will no longer work.{' '}
        {s && s.passkeys.length === 0
          ? 'It is your only second factor: your recovery codes stop working too, and your password alone signs you in.'
          : 'Your passkeys and recovery codes still work.'}
      </ConfirmDialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => {
          if (!o) setRemoving(null);
          remove.reset();
        }}
        title={`Remove passkey “${removing?.name ?? ''}”?`}
        confirmLabel="Remove"
        busy={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              toast.success(`Passkey “${removing.name}” removed.`);
              setChanged(true);
              setRemoving(null);
            },
          })
        }
      >
        You will no longer be able to sign in with it. Remove it from the device too.
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'regenerate'}
        onOpenChange={(o) => {
          if (!o) close();
          regenerate.reset();
        }}
        title="Regenerate recovery codes?"
        confirmLabel="Regenerate"
        tone="primary"
        busy={regenerate.isPending}
        error={regenerate.error ? errorMessage(regenerate.error) : undefined}
        onConfirm={() =>
          regenerate.mutate(undefined, {
            onSuccess: (answer) => {
              close();
              toast.success('New recovery codes made: the old ones no longer work.');
              setCodes(answer.recoveryCodes);
            },
          })
        }
      >
        Ten new codes replace your current ones, which stop working at once.
      </ConfirmDialog>
      <RecoveryCodesDialog
        codes={codes}
        onClose={() => {
          setCodes(null);
          onEnrolled?.();
        }}
      />
    </section>
  );
}
