import { Link } from 'react-router';
import { BootstrapTokenCard } from '../../features/settings/components/BootstrapTokenCard';

interface Area {
  to: string;
  title: string;
  description: string;
}

// What Identity holds, in the navigation's order.
const AREAS: Area[] = [
  {
    to: '/identity/users',
    title: 'Users',
    description: 'Create users, reset passwords, unlock them, and turn API tokens on or off for a user.',
  },
  {
    to: '/identity/service-accounts',
    title: 'Service accounts',
    description: 'Programs’ own identities, owned by a person or the administrators, and their credentials.',
  },
  {
    to: '/identity/projects',
    title: 'Projects',
    description: 'Create projects and choose who works in each one, as a member or an admin of the project.',
  },
  {
    to: '/identity/auth-tokens',
    title: 'Auth Tokens',
    description:
      'Every auth token of the organisation: filter by owner, expiry or inactivity, export them, and revoke in bulk with undo.',
  },
  {
    to: '/identity/oauth2-credentials',
    title: 'OAuth 2.0 client credentials',
    description: 'Every OAuth 2.0 client credential of the organisation, with its owner, scopes and last use.',
  },
  {
    to: '/identity/policy',
    title: 'Policy',
    description: 'Token limits and lifetimes, required expiry, inactivity revocation, scopes, and OAuth 2.0 clients.',
  },
  {
    to: '/identity/webhooks',
    title: 'Webhooks',
    description: 'Send the organisation’s events — tokens generated, revoked or expiring — to your SIEM or automation.',
  },
  {
    to: '/identity/activity',
    title: 'Activity',
    description: 'Who signed in, changed a user, or created, used or deleted a credential: when, and from where.',
  },
];

/** Identity: the administrator's overview of the organisation's people and their credentials. */
export function Component() {
  return (
    <div className="page">
      <title>Identity · Tessera</title>
      <div className="page-header">
        <div>
          <h1>Identity</h1>
          <p className="muted">The people of your organisation, their credentials, and what happened to them.</p>
        </div>
      </div>
      <ul className="card-grid overview-grid">
        {AREAS.map((a) => (
          <li key={a.to} className="card">
            <h2>
              <Link to={a.to} className="card-link">
                {a.title}
              </Link>
            </h2>
            <p className="muted">{a.description}</p>
          </li>
        ))}
      </ul>
      <BootstrapTokenCard />
    </div>
  );
}
