import { passkeyNameSchema } from '@tessera/rules';
import { z } from 'zod';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { useAddPasskey } from '../api/add-passkey';
import { useRenamePasskey } from '../api/rename-passkey';
import type { Passkey } from '../api/types';

const schema = z.object({ name: passkeyNameSchema });
type Values = z.input<typeof schema>;

/** The browser's own refusal (cancelled, timed out, no authenticator) in words, not as a DOMException. */
function ceremonyError(error: unknown): unknown {
  if (error instanceof DOMException || (error instanceof Error && error.name === 'WebAuthnError'))
    return new Error('The passkey was not created: the request was cancelled or timed out. Try again.');
  if (isApiError(error, 409) && error.code === 'webauthn_invalid')
    return new Error('The passkey could not be verified. Try again.');
  return error;
}

/** Add a passkey: name it, then the browser asks the authenticator (the device's screen lock, a security key). */
export function AddPasskeyDialog({
  open,
  onOpenChange,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: (name: string, recoveryCodes: string[] | undefined) => void;
}) {
  const add = useAddPasskey();
  const form = useZodForm(schema, { defaultValues: { name: '' } });
  const submit = ({ name }: z.output<typeof schema>) =>
    add.mutate(name, {
      onSuccess: (answer) => {
        form.reset();
        onDone(answer.passkey.name, answer.recoveryCodes);
      },
      onError: (error) => applyServerErrors(form, error),
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) add.reset();
        onOpenChange(o);
      }}
      title="Add a passkey"
      description="Sign in with your device’s screen lock or a security key instead of a code."
    >
      <DialogForm<Values, z.output<typeof schema>>
        form={form}
        onSubmit={submit}
        mutation={{ error: add.error ? ceremonyError(add.error) : null, isPending: add.isPending }}
        submitLabel="Add passkey"
      >
        <FormTextField<Values>
          name="name"
          label="Name"
          hint="So you can tell your passkeys apart, e.g. Work laptop."
          autoComplete="off"
          maxLength={64}
        />
      </DialogForm>
    </Dialog>
  );
}

export function RenamePasskeyDialog({ passkey, onClose }: { passkey: Passkey | null; onClose: () => void }) {
  return passkey ? <RenameForm passkey={passkey} onClose={onClose} /> : null;
}

function RenameForm({ passkey, onClose }: { passkey: Passkey; onClose: () => void }) {
  const rename = useRenamePasskey(passkey.id);
  const form = useZodForm(schema, { defaultValues: { name: passkey.name } });
  const submit = (values: z.output<typeof schema>) =>
    rename.mutate(values, {
      onSuccess: (renamed) => {
        onClose();
        toast.success(`Renamed the passkey to “${renamed.name}”.`);
      },
      onError: (error) => applyServerErrors(form, error),
    });
  return (
    <Dialog open onOpenChange={(o) => (o ? undefined : onClose())} title="Rename passkey">
      <DialogForm<Values, z.output<typeof schema>> form={form} onSubmit={submit} mutation={rename} submitLabel="Save">
        <FormTextField<Values> name="name" label="Name" autoComplete="off" maxLength={64} />
      </DialogForm>
    </Dialog>
  );
}
