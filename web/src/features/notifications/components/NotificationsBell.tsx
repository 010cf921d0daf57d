import { useState, type ComponentType } from 'react';
import { earlyPressHandlers, type EarlyPress } from '../../../components/ui/early-press';
import { toast } from '../../../components/ui/toast';
import { retryImport } from '../../../lib/lazy';
import { useNotifications } from '../api/list-notifications';
import type { NotificationsPopupProps } from './NotificationsPopup';

type Popup = ComponentType<NotificationsPopupProps>;

/** The button's accessible name: the count is said, not only shown. */
export const bellLabel = (unread: number) => (unread > 0 ? `Notifications, ${unread} unread` : 'Notifications');

// As the Profile menu: the list's code (Radix's menu, shared with it) loads on intent, so it weighs nothing on the
// pages' first load; the button and its count are all the top bar carries.
let loading: Promise<Popup> | undefined;
let loaded: Popup | undefined;
const loadPopup = () =>
  (loading ??= retryImport(() => import('./NotificationsPopup')).then(
    (m) => (loaded = m.NotificationsPopup),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  ));

/** The top bar's bell: the unread count, and on press the latest notifications. */
export function NotificationsBell() {
  const { data } = useNotifications();
  const unread = data?.unread ?? 0;
  const [Popup, setPopup] = useState<Popup | undefined>(() => loaded);
  const [pressed, setPressed] = useState<EarlyPress>();
  const [focused, setFocused] = useState(false);
  const content = (
    <>
      <svg className="bell-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0" />
      </svg>
      {unread > 0 ? (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </>
  );
  const label = bellLabel(unread);
  if (Popup)
    return (
      <Popup label={label} page={data} pressed={pressed} focused={focused}>
        {content}
      </Popup>
    );
  const load = (pressedNow: boolean) =>
    loadPopup().then(
      (P) => setPopup(() => P),
      () => {
        setPressed(undefined);
        if (pressedNow) toast.error('The notifications could not be loaded. Check your connection and try again.');
      },
    );
  return (
    <button
      type="button"
      className="bell-button"
      aria-label={label}
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={() => void load(false)}
      onFocus={() => {
        setFocused(true);
        void load(false);
      }}
      onBlur={() => setFocused(false)}
      {...earlyPressHandlers((how) => {
        setPressed(how);
        void load(true);
      })}
    >
      {content}
    </button>
  );
}
