import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useMfaStatus } from '../api/get-mfa-status';
import { useResetMfa } from '../api/reset-mfa';
import '../mfa.css';

/** Identity → Users → a user: what second factors they have, and an administrator's audited reset of them all. */
export function ResetMfaControl({ userId, username, isSelf }: { userId: string; username: string; isSelf: boolean }) {
  const status = useMfaStatus(userId);
  const reset = useResetMfa(userId);
  const [confirming, setConfirming] = useState(false);
  const s = status.data;
  const what = s
    ? [
        s.totp.enabled ? 'authenticator app' : '',
        s.passkeys.length ? `${s.passkeys.length} passkey${s.passkeys.length === 1 ? '' : 's'}` : '',
      ].filter(Boolean)
    : [];
  return (
    <div className="admin-mfa">
      <p>
        <span className="muted">Two-factor authentication: </span>
        {s ? (s.enabled ? `On (${what.join(', ')})` : 'Off') : status.isError ? 'unknown' : '…'}
      </p>
      <Button
        disabled={!s?.enabled || isSelf}
        title={isSelf ? 'Change your own second factors in User Settings → Security.' : undefined}
        onClick={() => setConfirming(true)}
      >
        Reset two-factor authentication
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(o) => {
          setConfirming(o);
          reset.reset();
        }}
        title={`Reset two-factor authentication for ${username}?`}
        confirmLabel="Reset"
        busy={reset.isPending}
        error={reset.error ? errorMessage(reset.error) : undefined}
        onConfirm={() =>
          reset.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              toast.success(`Reset two-factor authentication for ${username}: their app, passkeys and codes are gone.`);
            },
          })
        }
      >
        This removes their authenticator app, passkeys and recovery codes. Only do this after checking who is asking.
        They can set up two-factor authentication again after signing in.
      </ConfirmDialog>
    </div>
  );
}
