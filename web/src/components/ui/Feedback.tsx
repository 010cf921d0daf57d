import type { ReactNode, Ref } from 'react';

/** An error the user must notice: announced at once by screen readers. */
export function ErrorAlert({
  title,
  children,
  ref,
}: {
  title?: string;
  children: ReactNode;
  /** Given when the alert takes focus (a failed sign-in): it becomes focusable by script only. */
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <div role="alert" className="notice notice-error" ref={ref} tabIndex={ref ? -1 : undefined}>
      {title ? <p className="notice-title">{title}</p> : null}
      <p>{children}</p>
    </div>
  );
}

/** Information that explains the state of the page (limits, disabled features). */
export function Notice({
  tone = 'info',
  children,
  id,
}: {
  tone?: 'info' | 'warning';
  children: ReactNode;
  id?: string;
}) {
  return (
    <div className={`notice notice-${tone}`} id={id}>
      {children}
    </div>
  );
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'success' | 'danger' | 'warning' | 'info';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children ? <p className="empty-state-text">{children}</p> : null}
      {action ? <div className="empty-state-action">{action}</div> : null}
    </div>
  );
}

/** Shown while data loads; a status so screen readers hear it once. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
