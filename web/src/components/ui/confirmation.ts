import { errorMessage } from '../../lib/api-client';
import type { ConfirmDialogProps } from './ConfirmDialog';

/** What a confirmation needs to know of the mutation it confirms. */
export interface PendingMutation {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * A ConfirmDialog's open state, busy flag and error for "confirm this action on that item": open while an item is
 * chosen; closing it forgets the item and the mutation's last error, so the next confirmation starts clean.
 */
export function confirmationFor<T>(
  target: T | null,
  setTarget: (target: T | null) => void,
  mutation: PendingMutation,
): Pick<ConfirmDialogProps, 'open' | 'onOpenChange' | 'busy' | 'error'> {
  return {
    open: target !== null,
    onOpenChange: (open) => {
      if (!open) {
        setTarget(null);
        mutation.reset();
      }
    },
    busy: mutation.isPending,
    error: mutation.isError ? errorMessage(mutation.error) : undefined,
  };
}
