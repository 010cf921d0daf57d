import type { ReactNode, TdHTMLAttributes } from 'react';

export interface TableProps {
  caption: string;
  /** The column headings, left to right. */
  columns: string[];
  /** A last column of row buttons, its heading for screen readers only. */
  actions?: boolean;
  /** The rows shown are stale while newer ones load. */
  busy?: boolean;
  /** A table wider than the page: its frame becomes a named, focusable region so keyboards can scroll it. */
  scrollable?: boolean;
  /**
   * Under 640 px each row becomes a block of labelled lines (give each cell a `data-label`) instead of a table wider
   * than the screen.
   */
  stacked?: boolean;
  /** Extra classes on the table, e.g. `table-oneline` (credential lists). */
  className?: string;
  /** The rows. */
  children: ReactNode;
}

/** A data table with a caption for screen readers and a horizontally scrollable frame on narrow screens. */
export function Table({ caption, columns, actions, busy, scrollable, stacked, className, children }: TableProps) {
  return (
    <div className="table-frame" {...(scrollable ? { role: 'region', 'aria-label': caption, tabIndex: 0 } : {})}>
      <table className={['table', stacked ? 'table-stacked' : '', className ?? ''].filter(Boolean).join(' ')}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody aria-busy={busy || undefined}>{children}</tbody>
      </table>
    </div>
  );
}

export function Td(props: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} />;
}
