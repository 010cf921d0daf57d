import { useRef, useState } from 'react';
import { z } from 'zod';
import { Button } from '../ui/Button';
import { Dialog, DialogFooter } from '../ui/Dialog';
import { ErrorAlert } from '../ui/Feedback';
import { Form, FormTextField, useZodForm } from '../ui/form';
import { errorMessage } from '../../lib/api-client';
import { reauthenticate } from './reauthenticate';

export const CONFIRM_ITS_YOU_TITLE = "Confirm it's you";

export interface ConfirmItsYouDialogProps {
  open: boolean;
  /** Called once per opening: true when the server accepted the proof, false on Cancel, Escape or close. */
  onResult: (confirmed: boolean) => void;
}

/**
 * Step-up (ASVS 7.5.3): asked by the API client when a change answers 401 reauthentication_required; on success the
 * change is retried by the client, transparently to the page that made it. Loaded lazily (ask-confirm-its-you.tsx).
 *
 * Each way of proving it's you is one "proof" form below. Today: the password. A second factor (authenticator code,
 * recovery code, passkey) is another proof component offered beside it (H3).
 */
export default function ConfirmItsYouDialog({ open, onResult }: ConfirmItsYouDialogProps) {
  const settled = useRef(false);
  const finish = (confirmed: boolean) => {
    if (settled.current) return;
    settled.current = true;
    onResult(confirmed);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && finish(false)}
      title={CONFIRM_ITS_YOU_TITLE}
      description="This change needs you to sign in again. Nothing else is lost: it goes ahead once you confirm."
    >
      {open ? <PasswordProof onConfirmed={() => finish(true)} /> : null}
    </Dialog>
  );
}

const passwordProofSchema = z.object({ password: z.string().min(1, 'is required') });
type PasswordProofValues = z.input<typeof passwordProofSchema>;

/** Proof by password: field Password, buttons Cancel and Confirm. */
function PasswordProof({ onConfirmed }: { onConfirmed: () => void }) {
  const form = useZodForm(passwordProofSchema, { defaultValues: { password: '' } });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async ({ password }: z.output<typeof passwordProofSchema>) => {
    setBusy(true);
    setError(null);
    try {
      await reauthenticate({ password });
      onConfirmed();
    } catch (e) {
      setError(e);
      form.resetField('password');
      form.setFocus('password');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} onSubmit={submit} aria-label={CONFIRM_ITS_YOU_TITLE}>
      <FormTextField<PasswordProofValues>
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      {error ? <ErrorAlert>{errorMessage(error)}</ErrorAlert> : null}
      <DialogFooter>
        <Button type="submit" variant="primary" busy={busy}>
          Confirm
        </Button>
      </DialogFooter>
    </Form>
  );
}
