import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteServiceAccount } from '../api/delete-service-account';
import type { ServiceAccount } from '../api/types';
import { useUpdateServiceAccount } from '../api/update-service-account';
import { EditServiceAccountDialog, TransferOwnershipDialog } from './ServiceAccountDialogs';
import { credentialsSummary } from './ServiceAccountsList';

export interface ServiceAccountControlsProps {
  account: ServiceAccount;
  /** Administrators also list people as owners and may delete it. */
  isAdmin: boolean;
  /** Where to go once it is no longer yours to see: deleted, or handed over by its owner. */
  onGone: () => void;
}

/** Its owner's and administrators' actions: edit, transfer ownership, disable or enable; delete (administrators). */
export function ServiceAccountControls({ account, isAdmin, onGone }: ServiceAccountControlsProps) {
  const [dialog, setDialog] = useState<'edit' | 'transfer' | 'disable' | 'delete' | null>(null);
  const update = useUpdateServiceAccount(account.id);
  const remove = useDeleteServiceAccount(account.id);
  const close = () => setDialog(null);
  const finished = (message: string) => {
    close();
    toast.success(message);
  };
  const name = account.username;

  return (
    <div className="admin-controls">
      <div className="button-row">
        <Button onClick={() => setDialog('edit')}>Edit</Button>
        <Button onClick={() => setDialog('transfer')}>Transfer ownership</Button>
        {account.disabled ? (
          <Button
            busy={update.isPending}
            onClick={() =>
              update.mutate(
                { disabled: false },
                { onSuccess: () => toast.success(`Enabled ${name}: its credentials work again.`) },
              )
            }
          >
            Enable
          </Button>
        ) : (
          <Button variant="danger" onClick={() => setDialog('disable')}>
            Disable
          </Button>
        )}
        {isAdmin ? (
          <Button variant="danger" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        ) : null}
      </div>
      {update.isError && dialog === null ? <ErrorAlert>{errorMessage(update.error)}</ErrorAlert> : null}

      <EditServiceAccountDialog account={account} open={dialog === 'edit'} onClose={close} onDone={finished} />
      <TransferOwnershipDialog
        account={account}
        open={dialog === 'transfer'}
        onClose={close}
        onDone={(message) => {
          finished(message);
          // Its owner who hands it over no longer sees it; an administrator still does.
          if (!isAdmin) onGone();
        }}
        canListPeople={isAdmin}
      />
      <ConfirmDialog
        open={dialog === 'disable'}
        onOpenChange={(open) => !open && close()}
        title="Disable service account?"
        confirmLabel="Disable"
        busy={update.isPending}
        error={update.isError ? errorMessage(update.error) : undefined}
        onConfirm={() =>
          update.mutate(
            { disabled: true },
            { onSuccess: () => finished(`Disabled ${name}: its credentials are refused until you enable it.`) },
          )
        }
      >
        Every credential of {name} is refused until it is enabled again.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        onOpenChange={(open) => !open && close()}
        title="Delete service account?"
        confirmLabel="Delete"
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              finished(`Deleted ${name} and its credentials.`);
              onGone();
            },
          })
        }
      >
        {name} and its credentials ({credentialsSummary(account)}) are deleted for good; programs using them are refused
        at once. The activity keeps what happened.
      </ConfirmDialog>
    </div>
  );
}
