import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { FocusFirstItem } from './focus-first-item';

export interface MenuProps {
  trigger: ReactNode;
  children: ReactNode;
  label?: string;
  /** Open as soon as it mounts (a press that came before the menu's code did). */
  defaultOpen?: boolean;
  /** Focus the first item when the content mounts, as Radix does for an opening by keyboard. */
  focusFirstItem?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Where focus goes as the menu closes; Radix's default is back to the trigger. */
  onCloseAutoFocus?: (e: Event) => void;
}

/**
 * A Radix dropdown menu: arrow keys, typeahead, Escape and focus return come with it. Not modal: a menu of a few
 * links needs no scroll lock, and the page behind it stays in the accessibility tree (no aria-hidden around focus).
 */
export function Menu({
  trigger,
  children,
  label,
  defaultOpen,
  focusFirstItem,
  onOpenChange,
  onCloseAutoFocus,
}: MenuProps) {
  const content = useRef<HTMLDivElement>(null);
  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen} onOpenChange={onOpenChange}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          ref={content}
          className="menu"
          align="end"
          sideOffset={6}
          // Keeps the menu inside a phone's screen instead of cut off at its edge.
          collisionPadding={8}
          aria-label={label}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          {children}
          {focusFirstItem ? <FocusFirstItem content={content} /> : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function MenuItem({ children, onSelect }: { children: ReactNode; onSelect: () => void }) {
  return (
    <DropdownMenu.Item className="menu-item" onSelect={onSelect}>
      {children}
    </DropdownMenu.Item>
  );
}

/** An item that is a link: a click or Enter follows it (and it can be opened in a new tab); `onSelect` runs first. */
export function MenuLinkItem({
  to,
  children,
  onSelect,
  className,
}: {
  to: string;
  children: ReactNode;
  onSelect?: () => void;
  className?: string;
}) {
  return (
    <DropdownMenu.Item asChild className={className ? `menu-item ${className}` : 'menu-item'} onSelect={onSelect}>
      <Link to={to}>{children}</Link>
    </DropdownMenu.Item>
  );
}

/** Items that belong together, named for assistive technology by the element `labelledBy` points at. */
export function MenuGroup({ children, labelledBy }: { children: ReactNode; labelledBy: string }) {
  return <DropdownMenu.Group aria-labelledby={labelledBy}>{children}</DropdownMenu.Group>;
}

/** Non-interactive text at the top of a menu, e.g. who is signed in. */
export function MenuLabel({ children }: { children: ReactNode }) {
  return <DropdownMenu.Label className="menu-label">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="menu-separator" />;
}

export interface MenuRadioGroupProps<T extends string> {
  /** The group's accessible name, also shown above its items. */
  label: string;
  value: T;
  onValueChange: (value: T) => void;
  options: readonly { value: T; label: string }[];
}

/** A choice of one among a few (role menuitemradio): the items keep the menu open so the effect can be seen. */
export function MenuRadioGroup<T extends string>({ label, value, onValueChange, options }: MenuRadioGroupProps<T>) {
  const id = useId();
  return (
    <>
      <DropdownMenu.Label id={id} className="menu-label menu-group-label">
        {label}
      </DropdownMenu.Label>
      <DropdownMenu.RadioGroup
        aria-labelledby={id}
        className="menu-radio-group"
        value={value}
        onValueChange={(v) => onValueChange(v as T)}
      >
        {options.map((o) => (
          <DropdownMenu.RadioItem
            key={o.value}
            value={o.value}
            className="menu-item menu-radio-item"
            onSelect={(e) => e.preventDefault()}
          >
            <DropdownMenu.ItemIndicator className="menu-radio-indicator" aria-hidden="true">
              ✓
            </DropdownMenu.ItemIndicator>
            {o.label}
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </>
  );
}
