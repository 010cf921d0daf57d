import { useRef, type ReactNode } from 'react';
import { Button } from './Button';
import { Dialog, DialogFooter } from './Dialog';
import { ErrorAlert } from './Feedback';

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  error?: string;
  onConfirm: () => void;
  /** Where focus goes on close, when the opener is not the place (e.g. after a delete, the next row). */
  onCloseAutoFocus?: (event: Event) => void;
}

/** Asks before a consequential action; Cancel gets focus first so Enter does not destroy anything by accident. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  tone = 'danger',
  busy,
  error,
  onConfirm,
  onCloseAutoFocus,
}: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      role="alertdialog"
      description={children}
      onCloseAutoFocus={onCloseAutoFocus}
      onOpenAutoFocus={(e) => {
        e.preventDefault();
        cancel.current?.focus();
      }}
    >
      {error ? <ErrorAlert>{error}</ErrorAlert> : null}
      <DialogFooter cancelRef={cancel}>
        <Button variant={tone} busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
