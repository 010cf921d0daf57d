import {
  useLayoutEffect,
  useRef,
  useState,
  type ComponentType,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useCurrentUser } from '../../features/session/api/get-session';
import type { Handover, ProfileMenuPopupProps } from './ProfileMenuPopup';

const initials = (name: string) =>
  name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');

type Popup = ComponentType<ProfileMenuPopupProps>;

// The menu (Radix, with its positioning and focus code) is most of the signed-in frame's weight and is needed only
// once someone goes for the Profile button, so its code loads then: on hover or focus, normally well before the press.
let loading: Promise<Popup> | undefined;
let loaded: Popup | undefined;
const loadPopup = () =>
  (loading ??= import('./ProfileMenuPopup').then(
    (m) => (loaded = m.ProfileMenuPopup),
    (err: unknown) => {
      loading = undefined; // try again on the next hover or press
      throw err;
    },
  ));

export function ProfileMenu() {
  const user = useCurrentUser();
  const [Popup, setPopup] = useState<Popup | undefined>(() => loaded);
  // What the placeholder saw (a press, whether it had focus), for the real menu to take over when it mounts.
  const handover = useRef<Handover>({ focused: false });
  const name = user.displayName || user.username;
  const content = (
    <>
      <span className="avatar" aria-hidden="true">
        {initials(name)}
      </span>
      Profile
    </>
  );
  if (Popup) return <Popup handover={handover}>{content}</Popup>;
  const load = () => {
    loadPopup().then(
      (P) => setPopup(() => P),
      () => (handover.current.press = undefined),
    );
  };
  return (
    <PlaceholderButton handover={handover} onWanted={load}>
      {content}
    </PlaceholderButton>
  );
}

/** Until the menu's code is here: a button that looks and announces the same and takes the presses Radix's takes. */
function PlaceholderButton({
  handover,
  onWanted,
  children,
}: {
  handover: RefObject<Handover>;
  onWanted: () => void;
  children: ReactNode;
}) {
  const button = useRef<HTMLButtonElement>(null);
  // Runs while the button is still in the document, just before the real one replaces it.
  useLayoutEffect(() => {
    const h = handover.current;
    const el = button.current;
    return () => {
      h.focused = el !== null && document.activeElement === el;
    };
  }, [handover]);
  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    if (e.button !== 0 || e.ctrlKey) return;
    e.preventDefault();
    handover.current.press = { type: 'pointerdown' };
    onWanted();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!['Enter', ' ', 'ArrowDown'].includes(e.key)) return;
    e.preventDefault();
    handover.current.press = { type: 'keydown', key: e.key };
    onWanted();
  };
  return (
    <button
      ref={button}
      type="button"
      className="profile-button"
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      onPointerEnter={onWanted}
      onFocus={onWanted}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    >
      {children}
    </button>
  );
}
