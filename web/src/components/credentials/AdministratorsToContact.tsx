import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../lib/api-client';
import type { components } from '../../lib/api-types';

type Administrators = components['schemas']['Administrators'];

export const administratorsQueryOptions = () =>
  queryOptions({
    queryKey: ['administrators'] as const,
    queryFn: ({ signal }) => apiRequest<Administrators>('/api/administrators', { signal }),
    staleTime: 5 * 60_000,
  });

/** Whom to ask when your API credentials are off (Skytap's notice): the administrators, by name. */
export function AdministratorsToContact() {
  const admins = useQuery(administratorsQueryOptions());
  if (admins.isPending) return null;
  const items = admins.data?.items ?? [];
  if (items.length === 0)
    return <p className="notice-detail">Ask an administrator of your organisation to turn them on.</p>;
  return (
    <p className="notice-detail">
      {items.length === 1 ? 'The administrator to contact: ' : 'Administrators to contact: '}
      {items.map((a, i) => (
        <span key={a.username}>
          {i > 0 ? ', ' : null}
          <strong>{a.displayName || a.username}</strong>
          {a.displayName && a.displayName !== a.username ? ` (${a.username})` : null}
        </span>
      ))}
      .
    </p>
  );
}
