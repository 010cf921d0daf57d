import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useEffect, useRef, useState, type ButtonHTMLAttributes } from 'react';
import { ActionsIcon } from './ActionsMenu';
import type { EarlyPress } from './early-press';
import { FocusFirstItem } from './focus-first-item';

export interface RowAction {
  /** The item's accessible name and text: "Edit", "Regenerate", "Delete". */
  label: string;
  onSelect: () => void;
  tone?: 'danger';
}

export interface ActionsMenuPopupProps {
  triggerProps: ButtonHTMLAttributes<HTMLButtonElement>;
  items: RowAction[];
  pressed: EarlyPress;
  /** The placeholder button had focus: this one takes it over. */
  focused: boolean;
}

/**
 * The row's Radix menu. Choosing an item opens a dialog, which takes focus and gives it back itself; so Radix is told
 * not to move focus to the trigger as the menu closes (it would land behind the dialog).
 */
export function ActionsMenuPopup({ triggerProps, items, pressed, focused }: ActionsMenuPopupProps) {
  const chose = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focused && !pressed) trigger.current?.focus({ preventScroll: true });
    // Only on mount: the swap from the placeholder is the one moment focus could be lost.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const content = useRef<HTMLDivElement>(null);
  // Only the opening that the early press asked for is special; later ones are Radix's own.
  const [early, setEarly] = useState(pressed);
  return (
    <DropdownMenu.Root
      modal={false}
      defaultOpen={pressed !== undefined}
      onOpenChange={(o) => !o && setEarly(undefined)}
    >
      <DropdownMenu.Trigger asChild>
        <button ref={trigger} {...triggerProps}>
          <ActionsIcon />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          ref={content}
          className="menu menu-compact"
          align="end"
          sideOffset={4}
          collisionPadding={8}
          aria-label={typeof triggerProps['aria-label'] === 'string' ? triggerProps['aria-label'] : undefined}
          onCloseAutoFocus={(e) => {
            if (chose.current) e.preventDefault();
            chose.current = false;
          }}
        >
          {items.map((item) => (
            <DropdownMenu.Item
              key={item.label}
              className={`menu-item ${item.tone === 'danger' ? 'menu-item-danger' : ''}`}
              onSelect={() => {
                chose.current = true;
                item.onSelect();
              }}
            >
              {item.label}
            </DropdownMenu.Item>
          ))}
          {early === 'keyboard' ? <FocusFirstItem content={content} /> : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
