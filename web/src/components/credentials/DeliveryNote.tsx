import { formatDate, formatDateTime } from '../../lib/format';

/** The delivery members every credential response has (issue 20, point 6). */
export interface Delivery {
  awaitingDelivery: boolean;
  deliveredAt: string | null;
}

/**
 * Beside a credential's status badge (inside the cell's `cell-line`, so a one-line table stays one line): "Not yet delivered" while a secret someone generated for its owner has not been
 * confirmed as delivered, "Delivered <date>" once it has; nothing for a secret its owner made themselves.
 */
export function DeliveryNote({ credential }: { credential: Delivery }) {
  if (credential.awaitingDelivery) return <span className="cell-meta">Not yet delivered</span>;
  if (!credential.deliveredAt) return null;
  return (
    <span className="cell-meta">
      Delivered{' '}
      <time dateTime={credential.deliveredAt} title={formatDateTime(credential.deliveredAt)}>
        {formatDate(credential.deliveredAt)}
      </time>
    </span>
  );
}
