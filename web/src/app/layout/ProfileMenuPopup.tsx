import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useNavigate } from 'react-router';
import { Menu, MenuItem, MenuLabel, MenuSeparator } from '../../components/ui/Menu';
import { useCurrentUser } from '../../features/session/api/get-session';
import { useSignOut } from '../../features/session/api/sign-out';

/** What the placeholder Profile button saw before this code arrived. */
export interface Handover {
  /** A press that came before this code did: replayed on the real trigger, so the menu opens as if Radix had seen it. */
  press?: { type: 'keydown'; key: string } | { type: 'pointerdown' };
  /** The placeholder had focus: keep it on the button that replaces it. */
  focused: boolean;
}

export interface ProfileMenuPopupProps {
  /** The button's content (avatar and "Profile"), the same as the placeholder button showed. */
  children: ReactNode;
  handover: RefObject<Handover>;
}

/** The Profile menu itself (Radix), loaded when the user first points at, focuses or presses the Profile button. */
export function ProfileMenuPopup({ children, handover }: ProfileMenuPopupProps) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const trigger = useRef<HTMLButtonElement>(null);
  const name = user.displayName || user.username;

  // Runs after Radix's own effects (so its keyboard tracking sees a replayed keypress), once: the handover is emptied.
  useEffect(() => {
    const el = trigger.current;
    const { press, focused } = handover.current;
    handover.current = { focused: false };
    if (!el) return;
    if (focused || press?.type === 'keydown') el.focus({ preventScroll: true });
    if (press?.type === 'keydown') {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: press.key, bubbles: true, cancelable: true }));
    } else if (press?.type === 'pointerdown') {
      el.dispatchEvent(
        new PointerEvent('pointerdown', { button: 0, pointerType: 'mouse', bubbles: true, cancelable: true }),
      );
    }
  }, [handover]);

  return (
    <Menu
      label="Profile"
      trigger={
        <button ref={trigger} type="button" className="profile-button">
          {children}
        </button>
      }
    >
      <MenuLabel>
        <span className="menu-label-name">{name}</span>
        <span className="menu-label-sub">
          {user.username} · {user.role === 'admin' ? 'Administrator' : 'User'}
        </span>
      </MenuLabel>
      <MenuSeparator />
      <MenuItem onSelect={() => void navigate('/settings')}>User Settings</MenuItem>
      <MenuItem onSelect={() => signOut.mutate()}>Sign out</MenuItem>
    </Menu>
  );
}
