import { useRef } from 'react';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';

export interface CloseWithoutCopyingProps {
  noun: string;
  open: boolean;
  /** Back to the secret (also what Escape does here). */
  onKeep: () => void;
  /** Throw the secret away: closes this and the reveal dialog. */
  onDiscard: () => void;
}

/** Asked when the reveal dialog is closed before its secret was copied: the secret can't be shown again. */
export function CloseWithoutCopying({ noun, open, onKeep, onDiscard }: CloseWithoutCopyingProps) {
  const keep = useRef<HTMLButtonElement>(null);
  const discarding = useRef(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onKeep()}
      title="Close without copying?"
      description={`The ${noun} has not been copied. Once this dialog closes it can't be shown again; you would have to regenerate it.`}
      role="alertdialog"
      onOpenAutoFocus={(e) => {
        // The safe choice first, so Enter does not throw the secret away.
        e.preventDefault();
        discarding.current = false;
        keep.current?.focus();
      }}
      onCloseAutoFocus={(e) => {
        // Discarding closes the reveal dialog too, which decides where focus goes.
        if (discarding.current) e.preventDefault();
      }}
    >
      <DialogActions>
        <Button
          variant="danger"
          onClick={() => {
            discarding.current = true;
            onDiscard();
          }}
        >
          Close without copying
        </Button>
        <Button ref={keep} variant="primary" onClick={onKeep}>
          Keep it open
        </Button>
      </DialogActions>
    </Dialog>
  );
}
