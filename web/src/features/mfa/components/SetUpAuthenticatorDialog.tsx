import { otpCodeSchema } from '@tessera/rules';
import { useEffect } from 'react';
import { z } from 'zod';
import { CopyButton } from '../../../components/ui/CopyButton';
import { Dialog, DialogFooter } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { errorMessage } from '../../../lib/api-client';
import { useConfirmTotp } from '../api/confirm-totp';
import { useStartTotp } from '../api/start-totp';

const schema = z.object({ code: otpCodeSchema });
type Values = z.input<typeof schema>;

/**
 * Set up authenticator app: a new secret as a QR code and as text, then the first code turns it on. The secret lives
 * in this dialog's mutation only (gcTime 0), never in the query cache.
 */
export function SetUpAuthenticatorDialog({
  open,
  onOpenChange,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: (recoveryCodes: string[] | undefined) => void;
}) {
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const form = useZodForm(schema, { defaultValues: { code: '' } });
  const { mutate: begin, reset: forget } = start;
  useEffect(() => {
    if (open) begin();
    else forget();
  }, [open, begin, forget]);

  const submit = (values: z.output<typeof schema>) =>
    confirm.mutate(values, {
      onSuccess: (answer) => {
        form.reset();
        onDone(answer.recoveryCodes);
      },
      onError: (error) => {
        form.setValue('code', '');
        applyServerErrors(form, error);
      },
    });

  const enrolment = start.data;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Set up authenticator app" size="lg" modalStrict>
      {start.isPending ? <Loading label="Preparing…" /> : null}
      {start.isError ? (
        <>
          <ErrorAlert>{errorMessage(start.error)}</ErrorAlert>
          <DialogFooter>{null}</DialogFooter>
        </>
      ) : null}
      {enrolment ? (
        <div className="totp-setup">
          <ol className="totp-steps">
            <li>
              <p>Scan this QR code with an authenticator app (such as 1Password, Google Authenticator or Authy).</p>
              <img
                className="totp-qr"
                src={enrolment.qrCode}
                alt="QR code for setting up your authenticator app"
                width={192}
                height={192}
              />
              <p className="muted">Can’t scan it? Enter this key in the app instead:</p>
              <p className="totp-secret">
                <code aria-label="Setup key">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
                <CopyButton value={enrolment.secret} size="sm" ariaLabel="Copy setup key" />
              </p>
            </li>
            <li>
              <p>Enter the 6-digit code the app shows to turn it on.</p>
              <DialogForm<Values, z.output<typeof schema>>
                form={form}
                onSubmit={submit}
                mutation={confirm}
                submitLabel="Verify"
              >
                <FormTextField<Values>
                  name="code"
                  label="Verification code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  spellCheck={false}
                />
              </DialogForm>
            </li>
          </ol>
        </div>
      ) : null}
    </Dialog>
  );
}
