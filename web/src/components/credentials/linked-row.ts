import { useEffect, useRef, type RefObject } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { focusRowActions, ROW_ACTIONS_ATTR } from '../ui/ActionsMenu';

/** The state of an address written by a linked row's handler: that visit is already handled. */
export const LINK_HANDLED = { linkHandled: true } as const;

/**
 * A notification's link to a credential (`?token=<id>`, `?client=<id>`, HELPERS.md): its row is brought into view
 * and its Actions button focused — once per visit of the link (each navigation is a new location, so following it
 * again works again). `act` may take the visit over instead (a token's `&action=regenerate`) by returning true.
 * A credential that is not in the list once it has settled (deleted since) leaves focus on the page's heading rather
 * than the body. Returns the linked id, for the row's highlight.
 */
export function useLinkedRow<T extends { id: string }>(
  param: string,
  items: readonly T[],
  /** The list is not being read again: an id missing from it is really gone (not just newer than the cache). */
  settled: boolean,
  heading: RefObject<HTMLElement | null>,
  act?: (item: T) => boolean,
): string | null {
  const [params] = useSearchParams();
  const id = params.get(param);
  const { key, state } = useLocation();
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!id || handled.current === key) return;
    if ((state as { linkHandled?: boolean } | null)?.linkHandled) return void (handled.current = key);
    const item = items.find((t) => t.id === id);
    if (!item) {
      if (!settled) return;
      handled.current = key;
      return void heading.current?.focus();
    }
    handled.current = key;
    document.querySelector(`[${ROW_ACTIONS_ATTR}="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' });
    if (!act?.(item)) focusRowActions(id);
  }, [id, key, state, items, settled, heading, act]);
  return id;
}
