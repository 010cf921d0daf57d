import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge, EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { ListSearch } from '../../../components/ui/ListControls';
import { Pagination } from '../../../components/ui/Pagination';
import { Table, Td } from '../../../components/ui/Table';
import { errorMessage } from '../../../lib/api-client';
import { useDebounced } from '../../../lib/use-debounced';
import { useServiceAccounts } from '../api/list-service-accounts';
import type { ServiceAccount } from '../api/types';

/** "Administrators", or the owning person (said to be disabled when they are: ownership stays until handed over). */
export function OwnerName({ owner }: { owner: ServiceAccount['owner'] }) {
  if (!owner) return <>Administrators</>;
  return (
    <>
      {owner.displayName || owner.username}
      {owner.disabled ? (
        <>
          {' '}
          <Badge tone="warning">Disabled</Badge>
        </>
      ) : null}
    </>
  );
}

export const credentialsSummary = (a: ServiceAccount) =>
  `${a.tokenCount} ${a.tokenCount === 1 ? 'token' : 'tokens'}, ${a.clientCount} OAuth ${a.clientCount === 1 ? 'client' : 'clients'}`;

export interface ServiceAccountsListProps {
  /** Only the ones you own (User Settings); an administrator otherwise sees every one. */
  mine: boolean;
  /** Where a service account's link goes. */
  accountPath: (id: string) => string;
  /** What an empty, unfiltered list says. */
  empty: ReactNode;
}

/** The searchable, cursor-paginated list of service accounts: name, owner, description, credentials, status. */
export function ServiceAccountsList({ mine, accountPath, empty }: ServiceAccountsListProps) {
  const headingId = useId();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 250);
  // Cursors of the pages before the current one, so Previous can walk back; a new search starts at page 1.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [lastSearch, setLastSearch] = useState(search);
  if (lastSearch !== search) {
    setLastSearch(search);
    setCursors([null]);
  }
  const accounts = useServiceAccounts({ search, mine, cursor: cursors[cursors.length - 1] ?? null });
  const total = accounts.data?.total;

  return (
    <section className="stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="sr-only">
        {mine ? 'Your service accounts' : 'All service accounts'}
      </h2>
      <div className="list-controls" role="search" aria-label="Search service accounts">
        <ListSearch
          label="Search service accounts"
          placeholder="Search by username or display name"
          value={searchText}
          onChange={setSearchText}
        />
        <p className="list-controls-count muted" role="status">
          {total === undefined
            ? null
            : `${total} ${total === 1 ? 'service account' : 'service accounts'}${search ? (total === 1 ? ' matches' : ' match') : ''}`}
        </p>
      </div>
      {accounts.isError ? (
        <ErrorAlert title="The service accounts could not be loaded.">{errorMessage(accounts.error)}</ErrorAlert>
      ) : null}
      {accounts.isPending ? <Loading label="Loading service accounts…" /> : null}
      {accounts.data && accounts.data.items.length === 0 ? (
        <EmptyState title={search ? 'No service accounts match' : 'No service accounts yet'}>
          {search ? 'Try a different search.' : empty}
        </EmptyState>
      ) : null}
      {accounts.data && accounts.data.items.length > 0 ? (
        <Table
          caption="Service accounts"
          columns={['Name', 'Owner', 'Description', 'Credentials', 'Status']}
          busy={accounts.isPlaceholderData}
          scrollable
        >
          {accounts.data.items.map((a) => (
            <tr key={a.id}>
              <Td className="cell-strong">
                <Link to={accountPath(a.id)}>{a.displayName || a.username}</Link>
                {a.displayName && a.displayName !== a.username ? <div className="muted">{a.username}</div> : null}
              </Td>
              <Td>
                <OwnerName owner={a.owner} />
              </Td>
              <Td>{a.description || <span className="muted">—</span>}</Td>
              <Td>{credentialsSummary(a)}</Td>
              <Td>{a.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</Td>
            </tr>
          ))}
        </Table>
      ) : null}
      {accounts.data ? (
        <Pagination
          page={cursors.length}
          nextCursor={accounts.data.nextCursor}
          stale={accounts.isPlaceholderData}
          onNext={(c) => setCursors((cs) => [...cs, c])}
          onPrevious={() => setCursors((cs) => cs.slice(0, -1))}
        />
      ) : null}
    </section>
  );
}
