import type { ReactNode } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { errorMessage } from '../../../lib/api-client';

export interface SuspendOrDelete {
  action: 'suspend' | 'delete';
  /** How the confirmation names it: `the token “ci” (tsr_…a1b2) of alice`. */
  named: string;
}

export interface SuspendOrDeleteDialogProps {
  confirming: SuspendOrDelete | null;
  /** 'token' or 'client', for the title. */
  noun: string;
  /** What a suspension keeps, after "refused until it is resumed." (a token keeps its secret). */
  suspendNote?: string;
  mutation: { isPending: boolean; isError: boolean; error: unknown; reset: () => void };
  onConfirm: () => void;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
  /** The clients this will break (phrasing content: it sits in the dialog's description). */
  impact?: ReactNode;
}

/** The confirmation of a row's Suspend or Delete in an inventory, with the request's error inside it. */
export function SuspendOrDeleteDialog({
  confirming,
  noun,
  suspendNote,
  mutation,
  onConfirm,
  onClose,
  onCloseAutoFocus,
  impact,
}: SuspendOrDeleteDialogProps) {
  const deleting = confirming?.action === 'delete';
  return (
    <ConfirmDialog
      open={confirming !== null}
      onOpenChange={(open) => {
        if (!open) {
          onClose();
          mutation.reset();
        }
      }}
      title={deleting ? `Delete ${noun}?` : `Suspend ${noun}?`}
      confirmLabel={deleting ? 'Delete' : 'Suspend'}
      busy={mutation.isPending}
      error={mutation.isError ? errorMessage(mutation.error) : undefined}
      onConfirm={onConfirm}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {confirming
        ? deleting
          ? `Programs using ${confirming.named} are refused at once. This can't be undone.`
          : `Programs using ${confirming.named} are refused until it is resumed.${suspendNote ? ` ${suspendNote}` : ''}`
        : ''}
      {confirming ? impact : null}
    </ConfirmDialog>
  );
}
