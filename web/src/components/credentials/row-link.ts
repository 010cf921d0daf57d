import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';

/** What in a row keeps its own click: controls, links, the row's Actions menu and the cells around them. */
const INTERACTIVE =
  'a, button, input, select, textarea, label, [role="menuitem"], [role="menu"], .cell-select, .cell-actions';

/**
 * A credential row that opens its details on a click anywhere but its controls. The keyboard's way is the link in
 * the row's description cell (so the row itself needs no tab stop); this only widens the pointer's target.
 */
export function useRowLink() {
  const navigate = useNavigate();
  return (to: string, state?: unknown) => ({
    className: 'row-link',
    onClick: (e: MouseEvent<HTMLTableRowElement>) => {
      const target = e.target as Element;
      // React bubbles clicks out of portals (the Actions menu's items) through the row: those are not the row's.
      if (!e.currentTarget.contains(target) || target.closest(INTERACTIVE)) return;
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      // Selecting a hint or a date to copy it is not asking for the details.
      if (window.getSelection()?.toString()) return;
      void navigate(to, { state });
    },
  });
}
