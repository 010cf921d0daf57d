import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

export interface MenuProps {
  trigger: ReactNode;
  children: ReactNode;
  label?: string;
  /** Open as soon as it mounts (a press that came before the menu's code did). */
  defaultOpen?: boolean;
  /** Focus the first item when the content mounts, as Radix does for an opening by keyboard. */
  focusFirstItem?: boolean;
  onOpenChange?: (open: boolean) => void;
}

/**
 * A Radix dropdown menu: arrow keys, typeahead, Escape and focus return come with it. Not modal: a menu of a few
 * links needs no scroll lock, and the page behind it stays in the accessibility tree (no aria-hidden around focus).
 */
export function Menu({ trigger, children, label, defaultOpen, focusFirstItem, onOpenChange }: MenuProps) {
  const content = useRef<HTMLDivElement>(null);
  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen} onOpenChange={onOpenChange}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content ref={content} className="menu" align="end" sideOffset={6} aria-label={label}>
          {children}
          {focusFirstItem ? <FocusFirstItem content={content} /> : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

// Last in the content, so the items exist; its effect runs before Radix's focus scope takes focus, which then leaves
// focus where it already is (inside the menu).
function FocusFirstItem({ content }: { content: RefObject<HTMLDivElement | null> }) {
  useEffect(() => content.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus(), [content]);
  return null;
}

export function MenuItem({ children, onSelect }: { children: ReactNode; onSelect: () => void }) {
  return (
    <DropdownMenu.Item className="menu-item" onSelect={onSelect}>
      {children}
    </DropdownMenu.Item>
  );
}

/** Non-interactive text at the top of a menu, e.g. who is signed in. */
export function MenuLabel({ children }: { children: ReactNode }) {
  return <DropdownMenu.Label className="menu-label">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="menu-separator" />;
}
