import { useRef, type ReactNode, type RefObject } from 'react';
import { Link } from 'react-router';

export interface InventoryPageProps {
  title: string;
  description: string;
  children: (heading: RefObject<HTMLHeadingElement | null>) => ReactNode;
}

/** An Identity inventory page: breadcrumbs, the heading (focus falls back to it after a row's dialog), the content. */
export function InventoryPage({ title, description, children }: InventoryPageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <div className="page stack">
      <title>{`${title} · Tessera`}</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          <li>
            <span aria-current="page">{title}</span>
          </li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1 ref={heading} tabIndex={-1} className="panel-heading">
            {title}
          </h1>
          <p className="muted">{description}</p>
        </div>
      </div>
      {children(heading)}
    </div>
  );
}
