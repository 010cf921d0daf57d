import { useRef, type RefObject } from 'react';
import { focusRowActions } from '../../../components/ui/ActionsMenu';

/**
 * Where focus goes when a row's dialog closes: that row's Actions button, else the page's heading. The credential
 * panels' useRowFocus does the same; importing it from this lazy route made the bundler split five of the entry's
 * modules into chunks of their own (+1.4 KB gzipped on every page), so the inventories keep this small copy.
 */
export function useRowReturn(heading: RefObject<HTMLElement | null>) {
  const row = useRef<string | null>(null);
  return {
    /** A dialog opens from this row. */
    from: (id: string) => (row.current = id),
    /** A dialog's onCloseAutoFocus. */
    returnFocus: (e: Event) => {
      e.preventDefault();
      if (row.current === null || !focusRowActions(row.current)) heading.current?.focus();
    },
  };
}
