import { Link, useLocation } from 'react-router';

export function Component() {
  const { pathname } = useLocation();
  return (
    <div className="page">
      <title>Page not found · Tessera</title>
      <h1>Page not found</h1>
      <p className="muted">
        There is no page at <code>{pathname}</code>. Check the address, or go back to the <Link to="/">overview</Link>.
      </p>
    </div>
  );
}
