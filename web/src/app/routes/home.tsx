import { Link } from 'react-router';
import { useExpiringThisWeek } from '../../features/auth-tokens/api/expiring-this-week';
import { expiringThisWeekText } from '../../features/auth-tokens/components/expiring';
import { useCurrentUser } from '../session';

/** "2 tokens expire this week", of the signed-in user's own tokens; nothing when none do (or the list can't load). */
function ExpiringThisWeek() {
  const count = useExpiringThisWeek().data ?? 0;
  if (count === 0) return null;
  return (
    <div className="notice notice-warning">
      <Link to="/settings/auth-tokens">{expiringThisWeekText(count)}</Link>. Regenerate the ones you still need.
    </div>
  );
}

/** The overview: where to go for the common tasks. */
export function Component() {
  const user = useCurrentUser();
  const origin = window.location.origin;
  return (
    <div className="page">
      <title>Overview · Tessera</title>
      <h1>Welcome, {user.displayName || user.username}</h1>
      <p className="muted lead">Manage the credentials that your scripts and tools use to call APIs.</p>
      <ExpiringThisWeek />
      <div className="card-grid">
        <section className="card" aria-labelledby="home-tokens">
          <h2 id="home-tokens">Auth Tokens</h2>
          <p>Generate a token for a script, copy it once, and revoke it when you no longer need it.</p>
          <Link to="/settings/auth-tokens" className="btn btn-primary">
            Go to Auth Tokens
          </Link>
        </section>
        {user.role === 'admin' ? (
          <section className="card" aria-labelledby="home-identity">
            <h2 id="home-identity">Identity</h2>
            <p>Create users, reset passwords, turn API tokens on or off for a user, and read the activity.</p>
            <Link to="/identity" className="btn btn-secondary">
              Go to Identity
            </Link>
          </section>
        ) : null}
        <section className="card card-wide" aria-labelledby="home-usage">
          <h2 id="home-usage">Use a token</h2>
          <p>
            Send it in the Authorization header, or as X-Auth-Token, or as the password of HTTP Basic with your
            username:
          </p>
          <pre className="code-block">
            <code>{`curl -H "Authorization: Bearer $TESSERA_TOKEN" \\\n  ${origin}/api/whoami`}</code>
          </pre>
          <p>
            Every call is in the <Link to="/docs/api">API reference</Link>.
          </p>
        </section>
      </div>
    </div>
  );
}
