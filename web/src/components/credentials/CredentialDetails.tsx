import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button } from '../ui/Button';
import { Badge, ErrorAlert, Loading } from '../ui/Feedback';
import { errorMessage, isApiError } from '../../lib/api-client';
import { formatDateTime, formatRelative } from '../../lib/format';
import type { RecentClient } from './recent-clients';
import { RecentClientsTable } from './RecentClientsTable';
import './credential-details.css';

/** What a credential's details page is given by its route, whichever kind of credential it shows. */
export interface CredentialDetailsPageProps {
  /** `me` or the owner's id, as in the address. */
  userId: string;
  /** The owner, to name them in the reveal dialog (an administrator delivers a regenerated secret). */
  owner: { id: string; username: string; displayName: string };
  viewerId: string;
  /** Where "back" leads: the owner's list, or the inventory the row was opened from. */
  back: { to: string; label: string };
  /** The credential's own activity, wired in by the page (another feature's list). */
  activity: ReactNode;
}

/** A credential's status as a badge (an OAuth client is never revoked: it has no bulk revocation). */
export const CREDENTIAL_STATUS_BADGES = {
  active: <Badge tone="success">Active</Badge>,
  expired: <Badge tone="danger">Expired</Badge>,
  suspended: <Badge tone="neutral">Suspended</Badge>,
  revoked: <Badge tone="danger">Revoked</Badge>,
};

/** Scopes or networks, one code chip each. */
export function Chips({ items }: { items: string[] }) {
  return (
    <ul className="credential-chips">
      {items.map((s) => (
        <li key={s}>
          <code>{s}</code>
        </li>
      ))}
    </ul>
  );
}

export interface CredentialDetailsProps {
  title: string;
  /** Under the heading: what kind of credential, and its hint or client ID. */
  subtitle: ReactNode;
  back: { to: string; label: string };
  /** The credential's own buttons (Regenerate, Suspend or Resume, Delete …). */
  actions: ReactNode;
  /** A `<dl>` of its settings. */
  facts: ReactNode;
  recentClients: ReactNode;
  activity: ReactNode;
  /** Its dialogs. */
  children?: ReactNode;
}

/**
 * A credential's details page (an auth token's or an OAuth client's), inside its owner's Resources: a way back, its
 * name with the actions beside it, its settings, the clients that used it and its own activity.
 */
export function CredentialDetails(props: CredentialDetailsProps) {
  const { title, subtitle, back, actions, facts, recentClients, activity, children } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // A new page for screen readers: focus starts on its heading.
  useEffect(() => heading.current?.focus(), []);
  return (
    <article className="stack credential-details" aria-labelledby="credential-details-heading">
      <p>
        <Link to={back.to}>
          <span aria-hidden="true">← </span>Back to {back.label}
        </Link>
      </p>
      <div className="page-header">
        <div>
          <h2
            id="credential-details-heading"
            ref={heading}
            tabIndex={-1}
            className="panel-heading credential-details-title"
          >
            {title}
          </h2>
          <p className="muted">{subtitle}</p>
        </div>
        <div className="button-row">{actions}</div>
      </div>
      {facts}
      <section aria-labelledby="credential-clients-heading" className="stack">
        <h3 id="credential-clients-heading">Recent clients</h3>
        {recentClients}
      </section>
      <section aria-labelledby="credential-activity-heading" className="stack">
        <h3 id="credential-activity-heading">Activity</h3>
        {activity}
      </section>
      {children}
    </article>
  );
}

/** Loading, failed (with Retry) or missing: what a details page shows before it has its credential. */
export function CredentialDetailsFallback({
  query,
  noun,
  back,
}: {
  query: { isPending: boolean; error: unknown };
  noun: string;
  back: { to: string; label: string };
}) {
  if (query.isPending) return <Loading label={`Loading the ${noun}…`} />;
  const missing = isApiError(query.error, 404);
  return (
    <div className="stack">
      <h2>{missing ? `${noun[0]!.toUpperCase()}${noun.slice(1)} not found` : noun}</h2>
      <ErrorAlert>
        {missing ? `This ${noun} does not exist (any more): it may have been deleted.` : errorMessage(query.error)}
      </ErrorAlert>
      <p>
        <Link to={back.to}>Back to {back.label}</Link>
      </p>
    </div>
  );
}

/** The recent clients of a details page: their table, or loading, or a failure with Retry. */
export function RecentClientsSection({
  clients,
  noun,
  now,
}: {
  clients: {
    isPending: boolean;
    isError: boolean;
    isFetching: boolean;
    error: unknown;
    data?: { items: RecentClient[] };
    refetch: () => unknown;
  };
  noun: string;
  now: number;
}) {
  return (
    <>
      <p className="muted">
        Each address and user agent that used this {noun} in the last 30 days (up to 20, newest first). Counts are
        approximate.
      </p>
      {clients.data ? (
        <RecentClientsTable clients={clients.data.items} noun={noun} now={now} />
      ) : clients.isError ? (
        <ErrorAlert title="Could not load recent clients.">
          {errorMessage(clients.error)}{' '}
          <Button size="sm" busy={clients.isFetching} onClick={() => void clients.refetch()}>
            Retry
          </Button>
        </ErrorAlert>
      ) : (
        <Loading label="Loading recent clients…" />
      )}
    </>
  );
}

/** "Dec 6, 2026, 6:24 PM (just now)". */
export function DetailsTime({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso}>
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso, now)})</span>
    </time>
  );
}
