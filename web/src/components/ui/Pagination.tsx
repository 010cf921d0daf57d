import { Button } from './Button';

export interface PaginationProps {
  page: number;
  nextCursor: string | null;
  /** The rows shown are the previous answer's while the next loads. */
  stale: boolean;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
}

/**
 * Previous and Next through keyset pages: Next follows the server's cursor, Previous walks back the ones seen. Both
 * stay focusable when they can't be used (aria-disabled, the press ignored): a button turned `disabled` under the
 * keyboard's focus as it is pressed would drop focus to the page's body. The page number is announced as it changes.
 */
export function Pagination({ page, nextCursor, stale, onNext, onPrevious }: PaginationProps) {
  if (page <= 1 && !nextCursor) return null;
  const noPrevious = page <= 1 || stale;
  const noNext = !nextCursor || stale;
  return (
    <nav className="pagination" aria-label="Pagination">
      <Button size="sm" aria-disabled={noPrevious || undefined} onClick={() => !noPrevious && onPrevious()}>
        Previous
      </Button>
      <span className="muted" role="status">
        Page {page}
      </span>
      <Button size="sm" aria-disabled={noNext || undefined} onClick={() => !noNext && nextCursor && onNext(nextCursor)}>
        Next
      </Button>
    </nav>
  );
}
