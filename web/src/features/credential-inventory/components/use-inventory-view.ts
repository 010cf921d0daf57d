import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  apiQuery,
  filterFromParams,
  sortFromParams,
  withParam,
  type InventoryFilter,
  type InventoryKind,
} from './inventory-filter';
import { useDebounced } from '../../../lib/use-debounced';

export interface InventoryView {
  /** As typed: what the filter bar shows. */
  filter: InventoryFilter;
  /** As last settled: what the list, the export and "Revoke all matching" use. */
  applied: InventoryFilter;
  sort: string;
  setParam: (key: string, value: string) => void;
  clear: () => void;
  /** The current page's query string (filter, sort, cursor, limit). */
  query: string;
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
  /** Changes whenever the set of matching rows does (not on paging): selections are dropped then. */
  filterKey: string;
}

/**
 * The inventory's filter and order in the address bar (a reload or a shared link keeps them; each change replaces
 * the entry rather than filling the history), and the keyset pages walked so far.
 */
export function useInventoryView(kind: InventoryKind, limit: number): InventoryView {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params, kind);
  const sort = sortFromParams(params, kind.sorts);
  const filterText = JSON.stringify(filter);
  const appliedText = useDebounced(filterText, 300);
  const applied = JSON.parse(appliedText) as InventoryFilter;
  const filterKey = `${appliedText}|${sort}`;
  // Cursors of the pages before the current one, so Previous can walk back; a new filter or order starts again.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [lastKey, setLastKey] = useState(filterKey);
  if (lastKey !== filterKey) {
    setLastKey(filterKey);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;
  const update = (change: (p: URLSearchParams) => URLSearchParams) =>
    setParams(change, { replace: true, preventScrollReset: true });
  return {
    filter,
    applied,
    sort,
    setParam: (key, value) => update((p) => withParam(p, key, value)),
    clear: () => update((p) => (p.has('sort') ? new URLSearchParams({ sort: p.get('sort')! }) : new URLSearchParams())),
    query: apiQuery(applied, sort, cursor, limit).toString(),
    page: cursors.length,
    next: (c) => setCursors((all) => [...all, c]),
    previous: () => setCursors((all) => (all.length > 1 ? all.slice(0, -1) : all)),
    filterKey,
  };
}
