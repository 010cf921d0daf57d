import { useRef, type ReactNode, type RefObject } from 'react';
import { IdentityPage } from '../../components/layout/IdentityPage';

export interface InventoryPageProps {
  title: string;
  description: string;
  children: (heading: RefObject<HTMLHeadingElement | null>) => ReactNode;
}

/** An Identity inventory page: breadcrumbs, the heading (focus falls back to it after a row's dialog), the content. */
export function InventoryPage({ title, description, children }: InventoryPageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <IdentityPage title={title} className="stack" header={{ description, headingRef: heading }}>
      {children(heading)}
    </IdentityPage>
  );
}
