import { useEffect, useId, useRef } from 'react';
import { Button } from '../../../components/ui/Button';
import type { RevocationStarted } from '../api/types';
import { timeLeft, useNow } from './undo';

export interface UndoBannerProps {
  revocation: RevocationStarted & { reason: string };
  /**
   * Undo. The caller runs it (useUndo): the banner is gone as soon as the lists say the revocation is undone, which
   * is before the undo's own callbacks run, so they must not belong to the banner.
   */
  onUndo: () => void;
  undoing: boolean;
  /** Dismiss: the banner goes (and the caller moves focus, the button pressed going with it). */
  onDismiss: () => void;
  /** The undo window has just closed: the tokens are being deleted, and the lists should show it. */
  onWindowClosed: () => void;
}

/** After a revocation: what it did and Undo, with the time left, until the window closes. */
export function UndoBanner({ revocation, onUndo, undoing, onDismiss, onWindowClosed }: UndoBannerProps) {
  const headingId = useId();
  const now = useNow();
  const open = Date.parse(revocation.undoUntil) > now;
  const wasOpen = useRef(open);
  const closed = useRef(onWindowClosed);
  closed.current = onWindowClosed;
  useEffect(() => {
    if (wasOpen.current && !open) closed.current();
    wasOpen.current = open;
  }, [open]);
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
          <Button variant="primary" data-undo-latest="" busy={undoing} onClick={onUndo}>
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
