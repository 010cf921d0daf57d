import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/** A data table with a caption for screen readers and a horizontally scrollable frame on narrow screens. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="table-frame">
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
