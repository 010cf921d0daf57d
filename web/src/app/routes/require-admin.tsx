import { Outlet } from 'react-router';
import { useCurrentUser } from '../session';

/** Identity is for administrators; the API refuses others anyway, this just says so in words. */
export function Component() {
  const user = useCurrentUser();
  if (user.role !== 'admin') {
    return (
      <div className="page">
        <title>Not allowed · Tessera</title>
        <h1>You don't have access to Identity</h1>
        <p className="muted">Only administrators manage users. Ask an administrator if you need a change.</p>
      </div>
    );
  }
  return <Outlet />;
}
