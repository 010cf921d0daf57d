import { useRef, type RefObject } from 'react';
import { focusRowActions } from '../ui/ActionsMenu';

/** A delete mutation's `mutate`, as deleteRow calls it. */
type RemoveRow = (id: string, options: { onSuccess: () => void }) => void;

/**
 * Where focus goes when a credential list's dialog closes: back to the Actions button of the row it was opened from,
 * to the next (or previous) row's after a delete, else to the list's heading. One for every credential panel.
 */
export function useRowFocus<T extends { id: string }>(heading: RefObject<HTMLElement | null>) {
  // The row whose Actions button gets focus next; null: none (the heading, or the caller's fallback).
  const target = useRef<string | null>(null);
  // A confirmation that hands over to the reveal dialog leaves focus to it.
  const handingOver = useRef(false);
  const focusTarget = (fallback: () => HTMLElement | null | undefined = () => heading.current) => {
    if (target.current !== null && focusRowActions(target.current)) return;
    fallback()?.focus();
  };
  return {
    /** Wraps a row action: focus comes back to that row's Actions button. */
    fromRow: (open: (row: T) => void) => (row: T) => {
      target.current = row.id;
      open(row);
    },
    /**
     * Deletes row `id` with `remove`: the row to focus next is decided now, from `rows` as the user sees them (before
     * the list refreshes), and takes over once the delete succeeds; then `done` (close the confirmation, say so).
     */
    deleteRow: (rows: readonly T[], id: string, remove: RemoveRow, done: () => void) => {
      const next = neighbourOf(rows, id);
      remove(id, {
        onSuccess: () => {
          target.current = next;
          done();
        },
      });
    },
    /** Focus belongs to no row now (e.g. after Generate). */
    clear: () => (target.current = null),
    /** The next dialog to close opens another one, which takes focus itself. */
    handOver: () => (handingOver.current = true),
    /** A dialog's onCloseAutoFocus. */
    returnFocus: (e: Event) => {
      e.preventDefault();
      if (handingOver.current) return void (handingOver.current = false);
      focusTarget();
    },
    /** The reveal dialog's onCloseAutoFocus: the row, else `fallback` (Generate). */
    returnFocusOr: (fallback: () => HTMLElement | null | undefined) => (e: Event) => {
      e.preventDefault();
      focusTarget(fallback);
    },
  };
}

/** Where focus goes after a row is deleted: the next row, else the previous one, else nowhere (the heading). */
export function neighbourOf<T extends { id: string }>(rows: readonly T[], id: string): string | null {
  const i = rows.findIndex((r) => r.id === id);
  if (i === -1) return null;
  return rows[i + 1]?.id ?? rows[i - 1]?.id ?? null;
}
