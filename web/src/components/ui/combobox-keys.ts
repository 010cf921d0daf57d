// The keyboard of an editable combobox with a listbox popup (WAI-ARIA APG, list autocomplete with automatic
// selection), as a pure function so every key's outcome is tested without a browser.

export interface ComboboxState {
  open: boolean;
  /** The highlighted option (aria-activedescendant), -1 for none. */
  active: number;
}

export interface KeyContext {
  key: string;
  altKey: boolean;
  /** How many options the popup lists now. */
  count: number;
  /** The chosen option's index among them, -1 when it is not listed. */
  selected: number;
  /** The options are for an older text than the box holds (a search is on its way): Enter waits for them. */
  pending: boolean;
}

export type KeyOutcome =
  /** Handled: the popup opens, closes or highlights another option. */
  | { kind: 'move'; state: ComboboxState }
  /** Enter on a highlighted option: choose it and close. */
  | { kind: 'choose'; index: number }
  /** Close without choosing; the box shows the chosen option again. */
  | { kind: 'dismiss' }
  /** Not the combobox's key: the browser's own (Enter submits a closed field's form, Escape closes its dialog). */
  | { kind: 'ignore' };

/** Where the highlight starts when the popup opens: the chosen option, else the first (or the last, going up). */
const startAt = ({ count, selected }: KeyContext, up: boolean) =>
  count === 0 ? -1 : selected >= 0 && selected < count ? selected : up ? count - 1 : 0;

export function comboboxKey(state: ComboboxState, c: KeyContext): KeyOutcome {
  const active = state.active < c.count ? state.active : -1;
  switch (c.key) {
    case 'ArrowDown':
      if (!state.open) return { kind: 'move', state: { open: true, active: c.altKey ? -1 : startAt(c, false) } };
      return { kind: 'move', state: { open: true, active: c.count === 0 ? -1 : (active + 1) % c.count } };
    case 'ArrowUp':
      if (!state.open) return { kind: 'move', state: { open: true, active: startAt(c, true) } };
      if (c.altKey) return { kind: 'move', state: { open: false, active } };
      return {
        kind: 'move',
        state: { open: true, active: c.count === 0 ? -1 : active <= 0 ? c.count - 1 : active - 1 },
      };
    case 'Enter':
      if (!state.open) return { kind: 'ignore' };
      // Never choose from results for an older text: the highlighted option may not be what was typed.
      if (c.pending) return { kind: 'move', state: { open: true, active } };
      return active >= 0 ? { kind: 'choose', index: active } : { kind: 'dismiss' };
    case 'Escape':
      return state.open ? { kind: 'dismiss' } : { kind: 'ignore' };
    default:
      return { kind: 'ignore' };
  }
}
