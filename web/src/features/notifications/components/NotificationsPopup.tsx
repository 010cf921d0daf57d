import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Menu, MenuGroup, MenuItem, MenuLabel, MenuLinkItem, MenuSeparator } from '../../../components/ui/Menu';
import type { EarlyPress } from '../../../components/ui/early-press';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { notificationKeys } from '../api/keys';
import { useMarkAllNotificationsRead } from '../api/mark-all-read';
import { useMarkNotification } from '../api/mark-notification';
import type { Notification, NotificationPage } from '../api/types';
import './notifications.css';

export interface NotificationsPopupProps {
  /** The bell's content (icon and count), as the placeholder showed it. */
  children: ReactNode;
  /** "Notifications, 2 unread". */
  label: string;
  page: NotificationPage | undefined;
  /** A press on the placeholder: the menu opens at once, as that press asked. */
  pressed: EarlyPress;
  focused: boolean;
}

const REGENERATE = /[?&]action=regenerate\b/;
/** The notice's own link leads to the token; the one-click Regenerate is a second item. */
const withoutAction = (link: string) => link.replace(/&action=regenerate\b/, '');

function NotificationEntry({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const id = `notification-${n.id}`;
  const unread = n.readAt === null;
  const body = (
    <>
      {unread ? <span className="sr-only">Unread: </span> : null}
      <span id={id} className="notification-message">
        {n.message}
      </span>
      <time className="notification-time" dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
        {formatRelative(n.createdAt)}
      </time>
    </>
  );
  const className = unread ? 'notification notification-unread' : 'notification';
  return (
    <MenuGroup labelledBy={id}>
      {n.link ? (
        <MenuLinkItem to={withoutAction(n.link)} onSelect={() => onOpen(n)} className={className}>
          {body}
        </MenuLinkItem>
      ) : (
        <MenuItem onSelect={() => onOpen(n)}>{body}</MenuItem>
      )}
      {n.link && REGENERATE.test(n.link) ? (
        <MenuLinkItem to={n.link} onSelect={() => onOpen(n)} className="notification-action">
          Regenerate
        </MenuLinkItem>
      ) : null}
    </MenuGroup>
  );
}

/** The bell's menu (Radix): the latest notifications, each a link; opening one marks it read. */
export function NotificationsPopup({ children, label, page, pressed, focused }: NotificationsPopupProps) {
  const queryClient = useQueryClient();
  const mark = useMarkNotification();
  const markAll = useMarkAllNotificationsRead();
  const trigger = useRef<HTMLButtonElement>(null);
  const [early, setEarly] = useState(pressed);
  useEffect(() => {
    if (focused && !pressed) trigger.current?.focus({ preventScroll: true });
  }, [focused, pressed]);
  const items = page?.items ?? [];
  // A followed link leads elsewhere: focus goes where that page puts it (a token's row), not back to the bell.
  const followed = useRef(false);
  const open = (n: Notification) => {
    followed.current = true;
    if (n.readAt === null) mark.mutate({ id: n.id, read: true });
  };

  return (
    <Menu
      label="Notifications"
      defaultOpen={pressed !== undefined}
      focusFirstItem={early === 'keyboard'}
      onOpenChange={(isOpen) => {
        if (!isOpen) setEarly(undefined);
        // What the menu shows is fetched again as it opens: a notice may have come since the last minute's look.
        else void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      }}
      onCloseAutoFocus={(e) => {
        if (followed.current) e.preventDefault();
        followed.current = false;
      }}
      trigger={
        <button ref={trigger} type="button" className="bell-button" aria-label={label}>
          {children}
        </button>
      }
    >
      <MenuLabel>
        <span className="menu-label-name">Notifications</span>
      </MenuLabel>
      <MenuSeparator />
      {items.length === 0 ? (
        <MenuLabel>
          <span className="menu-label-sub">You have no notifications.</span>
        </MenuLabel>
      ) : (
        <div className="notification-list">
          {items.map((n) => (
            <NotificationEntry key={n.id} n={n} onOpen={open} />
          ))}
        </div>
      )}
      {page && page.unread > 0 ? (
        <>
          <MenuSeparator />
          <MenuItem onSelect={() => markAll.mutate()}>Mark all as read</MenuItem>
        </>
      ) : null}
    </Menu>
  );
}
