import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Menu, MenuItem, MenuLabel, MenuRadioGroup, MenuSeparator } from '../../components/ui/Menu';
import { chooseTheme, readTheme, type ThemeChoice } from '../../lib/theme';
import { useSignOut } from '../../features/session/api/sign-out';
import { useCurrentUser } from '../session';
import type { EarlyPress } from '../../components/ui/early-press';

const THEMES = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export interface ProfileMenuPopupProps {
  /** The button's content (avatar and "Profile"), the same as the placeholder button showed. */
  children: ReactNode;
  /** A press on the placeholder: the menu opens at once, as that press asked. */
  pressed: EarlyPress;
  /** The placeholder had focus: the button that replaces it takes it over. */
  focused: boolean;
}

/** The Profile menu itself (Radix), loaded when a pointer or focus reaches the button, or at once by a press on it. */
export function ProfileMenuPopup({ children, pressed, focused }: ProfileMenuPopupProps) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const trigger = useRef<HTMLButtonElement>(null);
  // Only the opening that the early press asked for is special; later ones are Radix's own.
  const [early, setEarly] = useState(pressed);
  const name = user.displayName || user.username;
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    if (focused && !pressed) trigger.current?.focus({ preventScroll: true });
  }, [focused, pressed]);

  return (
    <Menu
      label="Profile"
      defaultOpen={pressed !== undefined}
      focusFirstItem={early === 'keyboard'}
      onOpenChange={(open) => !open && setEarly(undefined)}
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
      {/* Oracle's OAuth guide says Profile → My Profile: the same page as User Settings. */}
      <MenuItem onSelect={() => void navigate('/settings')}>My Profile</MenuItem>
      <MenuItem onSelect={() => void navigate('/settings')}>User Settings</MenuItem>
      <MenuSeparator />
      <MenuRadioGroup<ThemeChoice>
        label="Theme"
        value={theme}
        onValueChange={(choice) => {
          chooseTheme(choice);
          setTheme(choice);
        }}
        options={THEMES}
      />
      <MenuSeparator />
      <MenuItem onSelect={() => signOut.mutate()}>Sign out</MenuItem>
    </Menu>
  );
}
