import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { MainNav } from './MainNav';
import { ProfileMenu } from './ProfileMenu';
import { NotificationsBell } from '../../features/notifications/components/NotificationsBell';
import { Toaster } from '../../components/ui/toast';
import { retryImport } from '../../lib/lazy';
import { setReauthenticationHandler } from '../../lib/reauthentication';

// A change refused with 401 reauthentication_required asks "Confirm it's you"; the dialog's code comes when first asked.
const askConfirmItsYou = () =>
  retryImport(() => import('../../components/session/ask-confirm-its-you')).then((m) => m.askConfirmItsYou());

const NAV_ID = 'main-nav';

/** The signed-in frame: top bar with the Profile menu, the main navigation on the left, the page on the right. */
export function Component() {
  const [navOpen, setNavOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();

  useEffect(() => {
    setReauthenticationHandler(askConfirmItsYou);
    return () => setReauthenticationHandler(undefined);
  }, []);

  // The drawer closes once a link in it has taken the user somewhere.
  const [shownPath, setShownPath] = useState(pathname);
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setNavOpen(false);
  }

  useEffect(() => {
    if (!navOpen) return;
    // Opening moves focus into the drawer; Escape closes it and gives focus back to Menu.
    document.getElementById(NAV_ID)?.querySelector<HTMLElement>('a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setNavOpen(false);
      menuButton.current?.focus();
    };
    // Tabbing out of the drawer to the page behind closes it, as a click on the page does.
    const onFocus = (e: FocusEvent) => {
      const target = e.target as Node | null;
      if (target && !document.getElementById(NAV_ID)?.contains(target) && !menuButton.current?.contains(target)) {
        setNavOpen(false);
      }
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
    };
  }, [navOpen]);

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <button
          ref={menuButton}
          type="button"
          className="menu-button"
          aria-expanded={navOpen}
          aria-controls={NAV_ID}
          onClick={() => setNavOpen((o) => !o)}
        >
          <span className="menu-icon" aria-hidden="true" />
          Menu
        </button>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Tessera
        </Link>
        <span className="topbar-context">API credentials console</span>
        <div className="topbar-spacer" />
        <NotificationsBell />
        <ProfileMenu />
      </header>
      <div className="shell">
        <MainNav id={NAV_ID} open={navOpen} />
        {navOpen ? <div className="nav-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} /> : null}
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <Toaster />
    </div>
  );
}
