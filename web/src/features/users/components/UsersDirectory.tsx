import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { Badge, EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { errorMessage } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { useUsers } from '../api/list-users';

/** Waits until typing pauses so each keystroke does not cost a request. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** The searchable, cursor-paginated list of users; `userPath` says where a user's link goes. */
export function UsersDirectory({ userPath }: { userPath: (userId: string) => string }) {
  const searchId = useId();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 250);
  // Cursors of the pages before the current one, so Previous can walk back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [lastSearch, setLastSearch] = useState(search);
  if (lastSearch !== search) {
    setLastSearch(search);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;
  const users = useUsers({ search, cursor });
  const page = cursors.length;

  return (
    <div className="stack">
      <div className="toolbar">
        <div className="search">
          <label htmlFor={searchId} className="sr-only">
            Search users
          </label>
          <input
            id={searchId}
            type="search"
            className="input"
            placeholder="Search by username or display name"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </div>
      </div>
      {users.isError ? (
        <ErrorAlert title="The users could not be loaded.">{errorMessage(users.error)}</ErrorAlert>
      ) : null}
      {users.isPending ? <Loading label="Loading users…" /> : null}
      {users.data && users.data.users.length === 0 ? (
        <EmptyState title={search ? `No users match “${search}”` : 'No users yet'}>
          {search ? 'Try a different part of the username or display name.' : 'Create the first user.'}
        </EmptyState>
      ) : null}
      {users.data && users.data.users.length > 0 ? (
        <Table
          caption="Users"
          columns={['Username', 'Display name', 'Role', 'Status', 'API tokens', 'Created']}
          busy={users.isPlaceholderData}
        >
          {users.data.users.map((u) => (
            <tr key={u.id}>
              <Td className="cell-strong">
                <Link to={userPath(u.id)}>{u.username}</Link>
              </Td>
              <Td>{u.displayName}</Td>
              <Td>{u.role === 'admin' ? 'Administrator' : 'User'}</Td>
              <Td>{u.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</Td>
              <Td>{u.apiTokensEnabled ? 'Enabled' : <span className="muted">Off</span>}</Td>
              <Td>{formatDate(u.createdAt)}</Td>
            </tr>
          ))}
        </Table>
      ) : null}
      {users.data && (page > 1 || users.data.nextCursor) ? (
        <nav className="pagination" aria-label="Pagination">
          <Button size="sm" disabled={page <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </Button>
          <span className="muted">Page {page}</span>
          <Button
            size="sm"
            disabled={!users.data.nextCursor || users.isPlaceholderData}
            onClick={() => setCursors((c) => [...c, users.data.nextCursor])}
          >
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
