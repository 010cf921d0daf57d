import { useState, type ComponentType } from 'react';
import { toast } from '../../components/ui/toast';
import { retryImport } from '../../lib/lazy';
import { useCurrentUser } from '../session';
import { earlyPressHandlers, type EarlyPress } from '../../components/ui/early-press';
import type { ProfileMenuPopupProps } from './ProfileMenuPopup';

const initials = (name: string) =>
  name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');

type Popup = ComponentType<ProfileMenuPopupProps>;

// The menu (Radix, with its positioning and focus code, ~30 KB) is most of the signed-in frame's weight and no part of
// the first screen, so its code loads on intent: a pointer over the button or focus on it, at the latest its press.
// Not at idle: the Auth Tokens page's script budget (docs/benchmarks.md) counts everything loaded until network idle.
let loading: Promise<Popup> | undefined;
let loaded: Popup | undefined;
const loadPopup = () =>
  (loading ??= retryImport(() => import('./ProfileMenuPopup')).then(
    (m) => (loaded = m.ProfileMenuPopup),
    (err: unknown) => {
      loading = undefined; // try again on the next press
      throw err;
    },
  ));

export function ProfileMenu() {
  const user = useCurrentUser();
  const [Popup, setPopup] = useState<Popup | undefined>(() => loaded);
  const [pressed, setPressed] = useState<EarlyPress>();
  const [focused, setFocused] = useState(false);
  const name = user.displayName || user.username;

  const load = (pressedNow = false) => {
    loadPopup().then(
      (P) => setPopup(() => P),
      () => {
        setPressed(undefined);
        // Pressing Profile again is the retry; the page itself stays as it is.
        if (pressedNow)
          toast.error('The Profile menu could not be loaded. Check your connection and press Profile again.');
      },
    );
  };

  const content = (
    <>
      <span className="avatar" aria-hidden="true">
        {initials(name)}
      </span>
      Profile
    </>
  );
  if (Popup)
    return (
      <Popup pressed={pressed} focused={focused}>
        {content}
      </Popup>
    );
  const press = (how: EarlyPress) => {
    setPressed(how);
    load(true);
  };
  // Until the menu's code is here: a plain button that looks and announces the same, and remembers a press.
  return (
    <button
      type="button"
      className="profile-button"
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={() => load()}
      onFocus={() => {
        setFocused(true);
        load();
      }}
      onBlur={() => setFocused(false)}
      {...earlyPressHandlers(press)}
    >
      {content}
    </button>
  );
}
