import { useRef, useState, type RefObject } from 'react';
import { errorMessage } from '../../lib/api-client';
import { focusRowActions } from './ActionsMenu';
import type { ConfirmDialogProps } from './ConfirmDialog';
import type { PendingMutation } from './confirmation';
import { toast } from './toast';

/** What one row action's confirmation says: title, button and its tone, and the sentence after the row's name. */
export interface ConfirmationText<T> {
  title: string;
  label: string;
  tone: 'primary' | 'danger';
  text: (row: T) => string;
}

/** Carries out the confirmed action; `done` closes the dialog, with a toast when given a message. */
export type CarryOut<A, T> = (action: A, row: T, done: (message?: string) => void) => void;

/**
 * One ConfirmDialog for a table's row actions that need a yes (disable, delete…): which action on which row, its texts
 * from one table, busy and the error from the mutations that carry the actions out, and focus back to the row's
 * Actions button on close — or to `fallback` (the page's Create button) once the row is gone.
 */
export function useRowConfirmation<A extends string, T extends { id: string }>(
  texts: Record<A, ConfirmationText<T>>,
  mutations: readonly PendingMutation[],
  fallback: RefObject<HTMLElement | null>,
  carryOut: CarryOut<A, T>,
) {
  const [confirming, setConfirming] = useState<{ action: A; row: T } | null>(null);
  // The row the last dialog was for; null: none (Create).
  const lastRow = useRef<string | null>(null);
  const text = confirming ? texts[confirming.action] : undefined;
  const failure = mutations.map((m) => m.error).find((e) => e != null);
  const returnFocus = (e: Event) => {
    e.preventDefault();
    if (!(lastRow.current && focusRowActions(lastRow.current))) fallback.current?.focus();
  };
  const done = (message?: string) => {
    setConfirming(null);
    if (message !== undefined) toast.success(message);
  };
  return {
    confirming,
    /** Asks to confirm `action` on `row`, the mutations' last errors forgotten. */
    ask: (action: A, row: T) => {
      for (const m of mutations) m.reset();
      lastRow.current = row.id;
      setConfirming({ action, row });
    },
    /** Focus goes back to this row's Actions when the next dialog closes (null: to `fallback`). */
    returnTo: (rowId: string | null) => {
      lastRow.current = rowId;
    },
    /** onCloseAutoFocus for the page's other dialogs opened from a row. */
    returnFocus,
    /** The ConfirmDialog's props, but for what it says. */
    dialog: {
      open: confirming !== null,
      onOpenChange: (open: boolean) => {
        if (!open) setConfirming(null);
      },
      title: text?.title ?? '',
      confirmLabel: text?.label ?? '',
      tone: text?.tone ?? 'danger',
      busy: mutations.some((m) => m.isPending),
      error: failure ? errorMessage(failure) : undefined,
      onCloseAutoFocus: returnFocus,
      onConfirm: () => {
        if (confirming) carryOut(confirming.action, confirming.row, done);
      },
    } satisfies Omit<ConfirmDialogProps, 'children'>,
    /** The sentence after the row's name. */
    text: confirming && text ? text.text(confirming.row) : '',
  };
}
