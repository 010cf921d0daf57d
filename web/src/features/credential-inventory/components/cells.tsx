import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/Feedback';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import type { InventoryOwner, TokenRevocation, TokenStatus } from '../api/types';

/** A date (or "3 days ago"), whole on hover and to machines. */
export function When({ iso, relative, now }: { iso: string; relative?: boolean; now?: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relative ? formatRelative(iso, now) : formatDate(iso)}
    </time>
  );
}

/** The owner's name, linking to their page of this kind of credential; a service account is marked so. */
export function OwnerLink({ owner, resource }: { owner: InventoryOwner; resource: string }) {
  const service = owner.kind === 'service';
  return (
    <>
      <Link
        className="owner-link"
        to={`/identity/${service ? 'service-accounts' : 'users'}/${encodeURIComponent(owner.id)}/${resource}`}
        title={`${owner.username} (${owner.displayName})`}
      >
        {owner.username}
      </Link>
      {service ? (
        <>
          {' '}
          <Badge tone="info">Service account</Badge>
        </>
      ) : null}
    </>
  );
}

const BADGES: Record<TokenStatus, ReactNode> = {
  active: <Badge tone="success">Active</Badge>,
  expired: <Badge tone="danger">Expired</Badge>,
  suspended: <Badge tone="neutral">Suspended</Badge>,
  revoked: <Badge tone="danger">Revoked</Badge>,
};

export const StatusBadge = ({ status }: { status: TokenStatus }) => BADGES[status];

/** What the owner reads on a revoked token: who revoked it and why. */
export function revocationNote(r: TokenRevocation): string {
  return r.kind === 'inactive' ? 'Revoked: unused for too long' : `Revoked by an administrator: ${r.reason}`;
}
