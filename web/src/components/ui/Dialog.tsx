import * as RadixDialog from '@radix-ui/react-dialog';
import { createContext, useContext, useLayoutEffect, useRef, type ReactNode, type Ref } from 'react';
import { Button } from './Button';

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** alertdialog for confirmations that interrupt the user. */
  role?: 'dialog' | 'alertdialog';
  /** Keep the dialog open on an outside click (e.g. while it shows a secret). */
  modalStrict?: boolean;
  size?: 'md' | 'lg';
  /** Where focus goes on close when the opener is gone (Radix otherwise returns it to the trigger). */
  onCloseAutoFocus?: (event: Event) => void;
  /** Where focus starts (Radix otherwise picks the first focusable element). */
  onOpenAutoFocus?: (event: Event) => void;
  /** Escape closes the dialog unless this prevents it (e.g. while a secret was never copied). */
  onEscapeKeyDown?: (event: KeyboardEvent) => void;
  /**
   * A request whose answer only this dialog can show (a secret) is running: Escape, an outside click and Cancel do
   * not close it until the answer is in.
   */
  busy?: boolean;
}

/** The dialog's `busy`, for its footer's Cancel. */
const DialogBusy = createContext(false);

/** A modal dialog on Radix: focus trap, Escape, focus return and aria-labelledby are handled there. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  role,
  modalStrict,
  size,
  onCloseAutoFocus,
  onOpenAutoFocus,
  onEscapeKeyDown,
  busy = false,
}: DialogProps) {
  // Dialogs open from state, not a Radix Trigger, so remember the opener to give focus back to it on close.
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);
  const returnFocus = (event: Event) => {
    if (onCloseAutoFocus) return onCloseAutoFocus(event);
    const el = opener.current;
    opener.current = null;
    if (el && el.isConnected && el !== document.body) {
      event.preventDefault();
      el.focus();
    }
  };
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (next || !busy) && onOpenChange(next)}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={`dialog ${size === 'lg' ? 'dialog-lg' : ''}`}
          role={role ?? 'dialog'}
          // Radix warns without a description unless told there is none on purpose.
          {...(description ? {} : { 'aria-describedby': undefined })}
          onPointerDownOutside={modalStrict ? (e) => e.preventDefault() : undefined}
          onInteractOutside={modalStrict ? (e) => e.preventDefault() : undefined}
          onCloseAutoFocus={returnFocus}
          onOpenAutoFocus={onOpenAutoFocus}
          onEscapeKeyDown={(event) => {
            // An open combobox (Combobox.tsx) takes Escape first (Radix hears it before the field): it closes, not the dialog.
            if (event.target instanceof Element && event.target.matches('[role="combobox"][data-open]'))
              return event.preventDefault();
            onEscapeKeyDown?.(event);
          }}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description>
          ) : null}
          <DialogBusy.Provider value={busy}>{children}</DialogBusy.Provider>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The footer row of a dialog: secondary actions left of the primary one. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="dialog-actions">{children}</div>;
}

export const DialogClose = RadixDialog.Close;

/** The footer of a dialog that asks for something: Cancel (closes it) left of the primary action. */
export function DialogFooter({ children, cancelRef }: { children: ReactNode; cancelRef?: Ref<HTMLButtonElement> }) {
  const busy = useContext(DialogBusy);
  return (
    <DialogActions>
      <DialogClose asChild>
        <Button ref={cancelRef} disabled={busy}>
          Cancel
        </Button>
      </DialogClose>
      {children}
    </DialogActions>
  );
}
