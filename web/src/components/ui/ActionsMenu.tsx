import { useState, useSyncExternalStore, type ComponentType } from 'react';
import { retryImport } from '../../lib/lazy';
import type { ActionsMenuPopupProps, RowAction } from './ActionsMenuPopup';
import { earlyPressHandlers, type EarlyPress } from './early-press';
import { toast } from './toast';

export type { RowAction };

type Popup = ComponentType<ActionsMenuPopupProps>;

// Radix's dropdown (shared with the Profile menu) and a row menu's own small module are fetched when a pointer or focus
// first reaches an Actions button (or at once on a press): nothing of it is part of the first screen's budget.
let loading: Promise<Popup> | undefined;
let loaded: Popup | undefined;
const listeners = new Set<() => void>();
const loadPopup = () =>
  (loading ??= retryImport(() => import('./ActionsMenuPopup')).then(
    (m) => {
      loaded = m.ActionsMenuPopup;
      listeners.forEach((l) => l());
      return loaded;
    },
    (err: unknown) => {
      loading = undefined; // the next press tries again
      throw err;
    },
  ));
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const current = () => loaded;

/** The element a row's Actions button carries, so focus can be sent back to it after a dialog (see focusRowActions). */
export const ROW_ACTIONS_ATTR = 'data-row-actions';

/** Focuses the Actions button of the row with this key; false when there is no such row (any more). */
export function focusRowActions(key: string): boolean {
  const el = document.querySelector<HTMLElement>(`[${ROW_ACTIONS_ATTR}="${CSS.escape(key)}"]`);
  el?.focus();
  return el !== null;
}

export interface ActionsMenuProps {
  /** The button's accessible name, e.g. "Actions for CI deploy". */
  label: string;
  /** Identifies the row for focusRowActions. */
  rowKey: string;
  items: RowAction[];
  /** The pointer or focus reached the button: a chance to fetch what the items' dialogs need. */
  onIntent?: () => void;
}

/** A row's Actions menu: a plain button until Radix's menu code is here, then the menu itself. */
export function ActionsMenu({ label, rowKey, items, onIntent }: ActionsMenuProps) {
  const Popup = useSyncExternalStore(subscribe, current, current);
  const [pressed, setPressed] = useState<EarlyPress>();
  // The placeholder had focus when the menu's code came: its replacement takes it over.
  const [focused, setFocused] = useState(false);
  const triggerProps = {
    type: 'button' as const,
    className: 'btn btn-sm btn-secondary actions-trigger',
    'aria-label': label,
    [ROW_ACTIONS_ATTR]: rowKey,
    onPointerEnter: onIntent,
    onFocus: onIntent,
  };
  if (Popup) return <Popup triggerProps={triggerProps} items={items} pressed={pressed} focused={focused} />;

  const intent = () => {
    onIntent?.();
    loadPopup().catch(() => undefined);
  };
  const press = (how: EarlyPress) => {
    setPressed(how);
    onIntent?.();
    loadPopup().catch(() => {
      setPressed(undefined);
      // Pressing Actions again is the retry; the page itself stays as it is.
      toast.error('The Actions menu could not be loaded. Check your connection and press Actions again.');
    });
  };
  return (
    <button
      {...triggerProps}
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={intent}
      onFocus={() => {
        setFocused(true);
        intent();
      }}
      onBlur={() => setFocused(false)}
      {...earlyPressHandlers(press)}
    >
      <ActionsIcon />
    </button>
  );
}

export function ActionsIcon() {
  return (
    <span className="actions-icon" aria-hidden="true">
      ⋯
    </span>
  );
}
