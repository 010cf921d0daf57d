import { useId } from 'react';
import { Button } from '../../../components/ui/Button';
import type { RevocationStarted } from '../api/types';
import { timeLeft, useNow, useUndo } from './undo';

export interface UndoBannerProps {
  revocation: RevocationStarted & { reason: string };
  onDismiss: () => void;
}

/** After a revocation: what it did and Undo, with the time left, until the window closes. */
export function UndoBanner({ revocation, onDismiss }: UndoBannerProps) {
  const headingId = useId();
  const now = useNow();
  const { undo, pendingId } = useUndo(onDismiss);
  const open = Date.parse(revocation.undoUntil) > now;
  const n = `${revocation.count.toLocaleString('en')} ${revocation.count === 1 ? 'token' : 'tokens'}`;
  return (
    <section className="notice notice-warning undo-banner" aria-labelledby={headingId}>
      <div>
        <p id={headingId} className="notice-title">
          Revoked {n}
        </p>
        <p>
          Reason: <q>{revocation.reason}</q>.{' '}
          {open ? (
            <>
              Undo brings them back with the same secrets for{' '}
              <time dateTime={revocation.undoUntil}>{timeLeft(revocation.undoUntil, now)}</time> more.
            </>
          ) : (
            'The undo window has closed: the tokens are deleted.'
          )}
        </p>
      </div>
      <div className="undo-banner-actions">
        {open ? (
          <Button
            variant="primary"
            data-undo-latest=""
            busy={pendingId === revocation.id}
            onClick={() => undo(revocation.id)}
          >
            Undo
          </Button>
        ) : null}
        <Button variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
    </section>
  );
}
