import type { z } from 'zod';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { useTransferOwnership } from '../api/transfer-ownership';
import type { ServiceAccount } from '../api/types';
import { useUpdateServiceAccount } from '../api/update-service-account';
import { OwnerSelectField } from './OwnerSelectField';
import {
  ADMINISTRATORS,
  editServiceAccountSchema,
  ownerIdOf,
  transferOwnershipSchema,
} from './service-account-schemas';

interface DialogProps {
  account: ServiceAccount;
  open: boolean;
  onClose: () => void;
  /** Called with what was done, for the toast. */
  onDone: (message: string) => void;
}

type EditValues = z.input<typeof editServiceAccountSchema>;

/** Edit: its display name and description. */
export function EditServiceAccountDialog({ account, open, onClose, onDone }: DialogProps) {
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title="Edit service account">
      {open ? <EditForm account={account} onDone={onDone} /> : null}
    </Dialog>
  );
}

function EditForm({ account, onDone }: Pick<DialogProps, 'account' | 'onDone'>) {
  const form = useZodForm(editServiceAccountSchema, {
    defaultValues: { displayName: account.displayName, description: account.description },
  });
  const update = useUpdateServiceAccount(account.id);
  return (
    <DialogForm
      form={form}
      mutation={update}
      submitLabel="Save"
      onSubmit={(values) =>
        update.mutate(values, {
          onSuccess: (a) => onDone(`Saved the changes to ${a.username}.`),
          onError: (error) => applyServerErrors(form, error),
        })
      }
    >
      <FormTextField<EditValues> name="displayName" label="Display name" required autoComplete="off" />
      <FormTextField<EditValues> name="description" label="Description" autoComplete="off" />
    </DialogForm>
  );
}

type TransferValues = z.input<typeof transferOwnershipSchema>;

/** Transfer ownership: to another enabled person (administrators choose) or to the administrators. */
export function TransferOwnershipDialog({
  account,
  open,
  onClose,
  onDone,
  canListPeople,
}: DialogProps & { canListPeople: boolean }) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title="Transfer ownership"
      description={`The new owner manages ${account.username} and its credentials; its credentials keep working.`}
    >
      {open ? <TransferForm account={account} onDone={onDone} canListPeople={canListPeople} /> : null}
    </Dialog>
  );
}

function TransferForm({
  account,
  onDone,
  canListPeople,
}: Pick<DialogProps, 'account' | 'onDone'> & { canListPeople: boolean }) {
  const form = useZodForm(transferOwnershipSchema, { defaultValues: { ownerId: ADMINISTRATORS } });
  const transfer = useTransferOwnership(account.id);
  return (
    <DialogForm
      form={form}
      mutation={transfer}
      submitLabel="Transfer ownership"
      onSubmit={({ ownerId }) =>
        transfer.mutate(ownerIdOf(ownerId), {
          onSuccess: (a) =>
            onDone(
              `Handed ${a.username} over to ${a.owner ? a.owner.displayName || a.owner.username : 'the administrators'}.`,
            ),
          onError: (error) => applyServerErrors(form, error),
        })
      }
    >
      <OwnerSelectField<TransferValues> name="ownerId" canListPeople={canListPeople} exclude={account.owner?.id} />
    </DialogForm>
  );
}
