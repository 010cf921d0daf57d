import type { ReactNode } from 'react';

/** A person's or a service account's page heading: the initial as an avatar, the name, and a line under it. */
export function AvatarHeading({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="user-header-main">
      <span className="avatar avatar-lg" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      <div>
        <h1>{name}</h1>
        {children}
      </div>
    </div>
  );
}
