import { useEffect, type RefObject } from 'react';

/**
 * Focuses a menu's first item, as Radix does for a keyboard opening, when the opening came before the menu's code.
 * Rendered last in the content, so the items exist; its effect runs before Radix's focus scope takes focus, which
 * then leaves focus where it already is (inside the menu).
 */
export function FocusFirstItem({ content }: { content: RefObject<HTMLDivElement | null> }) {
  useEffect(() => content.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus(), [content]);
  return null;
}
