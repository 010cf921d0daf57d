import { useState } from 'react';

export interface CursorPages {
  /** The current page's cursor, null for the first. */
  cursor: string | null;
  /** 1 for the first page. */
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
}

/**
 * Keyset pages walked so far: the cursors of the pages before the current one, so Previous can walk back. A new
 * `queryKey` (another search, filter or order) starts again at page 1.
 */
export function useCursorPages(queryKey: string): CursorPages {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [lastKey, setLastKey] = useState(queryKey);
  if (lastKey !== queryKey) {
    setLastKey(queryKey);
    setCursors([null]);
  }
  return {
    cursor: cursors[cursors.length - 1] ?? null,
    page: cursors.length,
    next: (c) => setCursors((all) => [...all, c]),
    previous: () => setCursors((all) => (all.length > 1 ? all.slice(0, -1) : all)),
  };
}
