import { Button } from '../../../components/ui/Button';

export interface PaginationProps {
  page: number;
  nextCursor: string | null;
  /** The rows shown are the previous answer's while the next loads. */
  stale: boolean;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
}

/** Previous and Next through keyset pages: Next follows the server's cursor, Previous walks back the ones seen. */
export function Pagination({ page, nextCursor, stale, onNext, onPrevious }: PaginationProps) {
  if (page <= 1 && !nextCursor) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      <Button size="sm" disabled={page <= 1} onClick={onPrevious}>
        Previous
      </Button>
      <span className="muted">Page {page}</span>
      <Button size="sm" disabled={!nextCursor || stale} onClick={() => nextCursor && onNext(nextCursor)}>
        Next
      </Button>
    </nav>
  );
}
