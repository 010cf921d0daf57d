import type { ReactNode } from 'react';
import { AvatarHeading } from '../../../components/ui/AvatarHeading';
import { Badge } from '../../../components/ui/Feedback';
import { formatDate } from '../../../lib/format';
import type { ServiceAccount } from '../api/types';
import { OwnerName } from './ServiceAccountsList';

/** A service account's page header: its name with a "Service account" badge, owner, description, status; then `actions`. */
export function ServiceAccountHeader({ account, actions }: { account: ServiceAccount; actions?: ReactNode }) {
  const name = account.displayName || account.username;
  return (
    <div className="user-header card">
      <AvatarHeading name={name}>
        <p className="muted badges">
          <span>{account.username}</span>
          <Badge tone="info">Service account</Badge>
        </p>
      </AvatarHeading>
      <dl className="details-grid">
        <div>
          <dt>Status</dt>
          <dd>{account.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>
            <OwnerName owner={account.owner} />
          </dd>
        </div>
        <div>
          <dt>Description</dt>
          <dd>{account.description || <span className="muted">—</span>}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(account.createdAt)}</dd>
        </div>
        <div>
          <dt>ID</dt>
          <dd>
            <code>{account.id}</code>
          </dd>
        </div>
      </dl>
      {actions}
    </div>
  );
}
