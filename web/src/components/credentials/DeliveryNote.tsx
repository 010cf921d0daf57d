import { formatDate, formatDateTime } from '../../lib/format';

/** The delivery members every credential response has (issue 20, point 6). */
export interface Delivery {
  awaitingDelivery: boolean;
  deliveredAt: string | null;
}

/**
 * Under a credential's status: "Not yet delivered" while a secret someone generated for its owner has not been
 * confirmed as delivered, "Delivered <date>" once it has; nothing for a secret its owner made themselves.
 */
export function DeliveryNote({ credential }: { credential: Delivery }) {
  if (credential.awaitingDelivery) return <span className="cell-sub">Not yet delivered</span>;
  if (!credential.deliveredAt) return null;
  return (
    <span className="cell-sub">
      Delivered{' '}
      <time dateTime={credential.deliveredAt} title={formatDateTime(credential.deliveredAt)}>
        {formatDate(credential.deliveredAt)}
      </time>
    </span>
  );
}
