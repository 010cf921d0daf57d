import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/** A data table with a caption for screen readers and a horizontally scrollable frame on narrow screens. */
export function Table({
  caption,
  children,
  scrollable,
}: {
  caption: string;
  children: ReactNode;
  /** A table wider than the page: its frame becomes a named, focusable region so keyboards can scroll it. */
  scrollable?: boolean;
}) {
  return (
    <div className="table-frame" {...(scrollable ? { role: 'region', 'aria-label': caption, tabIndex: 0 } : {})}>
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th scope="col" {...rest}>
      {children}
    </th>
  );
}

export function Td(props: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} />;
}
