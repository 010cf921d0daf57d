import { Link, Outlet } from 'react-router';
import { MainNav } from './MainNav';
import { ProfileMenu } from './ProfileMenu';
import { Toaster } from '../../components/ui/toast';

/** The signed-in frame: top bar with the Profile menu, the main navigation on the left, the page on the right. */
export function Component() {
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Tessera
        </Link>
        <span className="topbar-context">API credentials console</span>
        <div className="topbar-spacer" />
        <ProfileMenu />
      </header>
      <div className="shell">
        <MainNav />
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <Toaster />
    </div>
  );
}
