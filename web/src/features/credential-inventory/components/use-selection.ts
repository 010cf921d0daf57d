import { useState } from 'react';

/** Rows ticked across the pages of one filter; a new filter or order starts with none. */
export function useSelection(filterKey: string) {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [key, setKey] = useState(filterKey);
  if (key !== filterKey) {
    setKey(filterKey);
    setIds(new Set());
  }
  const set = (change: (next: Set<string>) => void) =>
    setIds((current) => {
      const next = new Set(current);
      change(next);
      return next;
    });
  return {
    ids,
    toggle: (id: string, on: boolean) => set((s) => (on ? s.add(id) : s.delete(id))),
    /** The page's "select all": every row of `pageIds` on or off, the other pages' ticks kept. */
    togglePage: (pageIds: string[], on: boolean) =>
      set((s) => pageIds.forEach((id) => (on ? s.add(id) : s.delete(id)))),
    pageState: (pageIds: string[]) => {
      const n = pageIds.filter((id) => ids.has(id)).length;
      return { checked: pageIds.length > 0 && n === pageIds.length, mixed: n > 0 && n < pageIds.length };
    },
    clear: () => setIds(new Set()),
    /** Unticks these (rows gone from the list); no change, no render, when none of them was ticked. */
    drop: (gone: readonly string[]) =>
      setIds((current) => {
        if (!gone.some((id) => current.has(id))) return current;
        const next = new Set(current);
        gone.forEach((id) => next.delete(id));
        return next;
      }),
  };
}
