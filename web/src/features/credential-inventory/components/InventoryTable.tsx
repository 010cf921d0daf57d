import { useEffect, useRef, type ReactNode } from 'react';

export interface InventoryColumn {
  label: string;
  /** The API's sort field; the column's heading becomes a button that orders by it. */
  sortKey?: string;
  /** The order a first press gives (dates newest first, names A to Z). */
  firstDescending?: boolean;
}

export interface InventorySelectAll {
  checked: boolean;
  /** Some but not all rows of the page are selected. */
  mixed: boolean;
  onChange: (checked: boolean) => void;
}

export interface InventoryTableProps {
  caption: string;
  columns: InventoryColumn[];
  sort: string;
  onSort: (sort: string) => void;
  /** A first column of checkboxes, its heading the page's "select all". */
  selectAll?: InventorySelectAll;
  busy?: boolean;
  children: ReactNode;
}

/**
 * A table frame that scrolls sideways on a narrow screen: a named region the keyboard can focus and scroll (what
 * axe's scrollable-region-focusable asks; the shared Table does the same for its `scrollable` frames).
 */
export const scrollRegion = (label: string) => ({ role: 'region', 'aria-label': label, tabIndex: 0 }) as const;

function SelectAllBox({ checked, mixed, onChange }: InventorySelectAll) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={box}
      type="checkbox"
      aria-label="Select all on this page"
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

function SortableHeading({
  column,
  sort,
  onSort,
}: {
  column: InventoryColumn;
  sort: string;
  onSort: (s: string) => void;
}) {
  const key = column.sortKey!;
  const current = sort === key ? 'ascending' : sort === `-${key}` ? 'descending' : undefined;
  const nextDescending = current ? current === 'ascending' : Boolean(column.firstDescending);
  return (
    <th scope="col" aria-sort={current ?? 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(nextDescending ? `-${key}` : key)}>
        {column.label}
        <span aria-hidden="true" className="sort-arrow">
          {current === 'ascending' ? '↑' : current === 'descending' ? '↓' : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * An inventory's table: sortable headings (aria-sort on each), an optional column of checkboxes, and a frame that
 * scrolls sideways on narrow screens as a named, focusable region (the keyboard can scroll it too).
 */
export function InventoryTable({ caption, columns, sort, onSort, selectAll, busy, children }: InventoryTableProps) {
  return (
    <div className="table-frame" {...scrollRegion(caption)}>
      <table className="table table-oneline inventory-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {selectAll ? (
              <th scope="col" className="cell-select">
                <SelectAllBox {...selectAll} />
              </th>
            ) : null}
            {columns.map((c) =>
              c.sortKey ? (
                <SortableHeading key={c.label} column={c} sort={sort} onSort={onSort} />
              ) : (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ),
            )}
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={busy || undefined}>{children}</tbody>
      </table>
    </div>
  );
}
