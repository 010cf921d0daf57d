import type { ReactNode, RefObject } from 'react';
import { Link } from 'react-router';

export interface IdentityPageProps {
  /** The document title's first part, and the breadcrumb's last step unless `current` names it. */
  title: string;
  /** The breadcrumb's last step, when it differs from the title. */
  current?: string;
  /** Steps between Identity and this page. */
  trail?: { to: string; label: string }[];
  /** The page's own h1 and description (and actions beside them); without it the content brings its heading. */
  header?: {
    description: ReactNode;
    actions?: ReactNode;
    /** Makes the h1 focusable, for focus to fall back to (after a row's dialog closes on a deleted row). */
    headingRef?: RefObject<HTMLHeadingElement | null>;
  };
  /** Extra classes beside `page`. */
  className?: string;
  children: ReactNode;
}

/** A page under Identity: its title, breadcrumbs from Identity, an optional header, then the content. */
export function IdentityPage({ title, current, trail = [], header, className, children }: IdentityPageProps) {
  return (
    <div className={className ? `page ${className}` : 'page'}>
      <title>{`${title} · Tessera`}</title>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/identity">Identity</Link>
          </li>
          {trail.map((step) => (
            <li key={step.to}>
              <Link to={step.to}>{step.label}</Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{current ?? title}</span>
          </li>
        </ol>
      </nav>
      {header ? (
        <div className="page-header">
          <div>
            {header.headingRef ? (
              <h1 ref={header.headingRef} tabIndex={-1} className="panel-heading">
                {title}
              </h1>
            ) : (
              <h1>{title}</h1>
            )}
            <p className="muted">{header.description}</p>
          </div>
          {header.actions}
        </div>
      ) : null}
      {children}
    </div>
  );
}
