import { useId, useRef } from 'react';
import { Button } from '../../../components/ui/Button';
import { Badge, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { useRevocations } from '../api/revocations';
import type { Revocation } from '../api/types';
import { When } from './cells';
import { scrollRegion } from './InventoryTable';
import { timeLeft, useNow, useUndo } from './undo';

const SHOWN = 10;

function Status({ r, now, undo, busy }: { r: Revocation; now: number; undo: () => void; busy: boolean }) {
  if (r.status === 'pending' && Date.parse(r.undoUntil) > now)
    return (
      <span className="cell-line">
        <Badge tone="warning">
          {/* One inline run: the badge is a flex box, which would drop the space before the time. */}
          <span>
            Undo possible for <time dateTime={r.undoUntil}>{timeLeft(r.undoUntil, now)}</time>
          </span>
        </Badge>
        <Button
          size="sm"
          busy={busy}
          aria-label={`Undo the revocation of ${r.count} ${r.count === 1 ? 'token' : 'tokens'}: ${r.reason}`}
          onClick={undo}
        >
          Undo
        </Button>
      </span>
    );
  if (r.status === 'undone') return <Badge tone="success">Undone</Badge>;
  return <Badge tone="neutral">Final</Badge>;
}

/** The latest bulk and inactivity revocations, with Undo while their window is open. */
export function RecentRevocations() {
  const headingId = useId();
  const revocations = useRevocations();
  const now = useNow();
  // The row's Undo turns into "Undone" and goes: focus moves to the section's heading rather than the page's body.
  const heading = useRef<HTMLHeadingElement>(null);
  const { undo, pendingId } = useUndo(() => heading.current?.focus());
  const items = revocations.data?.slice(0, SHOWN) ?? [];
  return (
    <section className="stack" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Recent revocations
      </h2>
      {revocations.isPending ? <Loading label="Loading revocations…" /> : null}
      {revocations.isError ? (
        <ErrorAlert title="The revocations could not be loaded.">{errorMessage(revocations.error)}</ErrorAlert>
      ) : null}
      {revocations.data && items.length === 0 ? <p className="muted">No token has been revoked in bulk yet.</p> : null}
      {items.length > 0 ? (
        <div className="table-frame" {...scrollRegion('Recent revocations')}>
          <table className="table table-oneline">
            <caption className="sr-only">Recent revocations</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Tokens</th>
                <th scope="col">Reason</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <When iso={r.createdAt} relative now={now} />
                  </td>
                  <td>
                    <Status r={r} now={now} undo={() => undo(r.id)} busy={pendingId === r.id} />
                  </td>
                  <td>{r.count.toLocaleString('en')}</td>
                  <td className="cell-main">
                    <span className="cell-title" title={r.reason}>
                      {r.reason}
                    </span>
                  </td>
                  <td>{r.kind === 'inactive' ? 'Inactivity rule' : (r.createdBy?.username ?? 'Someone removed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
