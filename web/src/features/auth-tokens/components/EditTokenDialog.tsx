import { MAX_DESCRIPTION_LENGTH } from '@tessera/rules';
import { Dialog } from '../../../components/ui/Dialog';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
import { toast } from '../../../components/ui/toast';
import { useUpdateAuthToken } from '../api/update-auth-token';
import type { AuthToken } from '../api/types';
import { editTokenSchema } from './expiry';

export interface EditTokenDialogProps {
  userId: string;
  token: AuthToken | null;
  onClose: () => void;
  /** Back to the row's Actions button, which the menu item that opened this has left. */
  onCloseAutoFocus?: (event: Event) => void;
}

export function EditTokenDialog({ userId, token, onClose, onCloseAutoFocus }: EditTokenDialogProps) {
  return (
    <Dialog
      open={token !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Edit token"
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {token ? <EditTokenForm userId={userId} token={token} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditTokenForm({ userId, token, onDone }: { userId: string; token: AuthToken; onDone: () => void }) {
  const form = useZodForm(editTokenSchema, { defaultValues: { description: token.description } });
  const update = useUpdateAuthToken(userId);
  const submit = ({ description }: { description: string }) =>
    update.mutate(
      { tokenId: token.id, description },
      {
        onSuccess: (saved) => {
          toast.success(
            saved.description === token.description
              ? `Saved the token “${saved.description}”.`
              : `Renamed the token “${token.description}” to “${saved.description}”.`,
          );
          onDone();
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );

  return (
    <DialogForm form={form} onSubmit={submit} mutation={update} submitLabel="Save">
      <p className="muted">
        Token <code>{token.hint}</code>. Only the description changes; the token itself stays the same.
      </p>
      <FormTextField<{ description: string }>
        name="description"
        label="Description"
        required
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
      />
    </DialogForm>
  );
}
