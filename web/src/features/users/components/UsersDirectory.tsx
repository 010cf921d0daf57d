import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { Badge, EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useUsers, type RoleFilter, type StatusFilter } from '../api/list-users';
import type { User } from '../api/types';
import { formatUntil, lockedUntil } from './lockout';
import { UsersFilters } from './UsersFilters';
import { useDebounced } from '../../../lib/use-debounced';

const ROLES: RoleFilter[] = ['', 'user', 'admin'];
const STATUSES: StatusFilter[] = ['', 'active', 'disabled', 'locked'];
const pick = <T extends string>(options: T[], v: string | null): T => options.find((o) => o === v) ?? options[0]!;

function Status({ user }: { user: User }) {
  const until = lockedUntil(user);
  return (
    <span className="badges">
      {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
      {until ? (
        <Badge tone="warning">
          <time dateTime={until} title={formatDateTime(until)}>
            Locked until {formatUntil(until)}
          </time>
        </Badge>
      ) : null}
    </span>
  );
}

/** The searchable, filterable, cursor-paginated list of users; `userPath` says where a user's link goes. */
export function UsersDirectory({ userPath }: { userPath: (userId: string) => string }) {
  const headingId = useId();
  // Search, role and status live in the address bar, so a reload or a shared link keeps them. Each keystroke is
  // written at once (a later, debounced write could undo a navigation that started in between).
  const [params, setParams] = useSearchParams();
  const role = pick(ROLES, params.get('role'));
  const status = pick(STATUSES, params.get('status'));
  const searchText = params.get('q') ?? '';
  const search = useDebounced(searchText.trim(), 250);
  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  // Cursors of the pages before the current one, so Previous can walk back; a new query starts at page 1.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const queryKey = `${search}|${role}|${status}`;
  const [lastQuery, setLastQuery] = useState(queryKey);
  if (lastQuery !== queryKey) {
    setLastQuery(queryKey);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;
  const users = useUsers({ search, role, status, cursor });
  const page = cursors.length;
  const filtered = Boolean(search || role || status);
  const total = users.data?.total;

  return (
    <section className="stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="sr-only">
        All users
      </h2>
      <UsersFilters
        search={searchText}
        onSearch={(q) => setParam('q', q)}
        role={role}
        onRole={(r) => setParam('role', r)}
        status={status}
        onStatus={(s) => setParam('status', s)}
        count={
          total === undefined
            ? undefined
            : `${total} ${total === 1 ? 'user' : 'users'}${filtered ? ' match' + (total === 1 ? 'es' : '') : ''}`
        }
      />
      {users.isError ? (
        <ErrorAlert title="The users could not be loaded.">{errorMessage(users.error)}</ErrorAlert>
      ) : null}
      {users.isPending ? <Loading label="Loading users…" /> : null}
      {users.data && users.data.users.length === 0 ? (
        <EmptyState title={filtered ? 'No users match' : 'No users yet'}>
          {filtered ? 'Try a different search, role or status.' : 'Create the first user.'}
        </EmptyState>
      ) : null}
      {users.data && users.data.users.length > 0 ? (
        <Table
          caption="Users"
          columns={['Username', 'Display name', 'Role', 'Status', 'API tokens', 'Tokens', 'Last sign-in']}
          busy={users.isPlaceholderData}
        >
          {users.data.users.map((u) => (
            <tr key={u.id}>
              <Td className="cell-strong">
                <Link to={userPath(u.id)}>{u.username}</Link>
              </Td>
              <Td>{u.displayName}</Td>
              <Td>{u.role === 'admin' ? 'Administrator' : 'User'}</Td>
              <Td>
                <Status user={u} />
              </Td>
              <Td>{u.apiTokensEnabled ? 'Enabled' : <span className="muted">Off</span>}</Td>
              <Td>{u.tokenCount}</Td>
              <Td>
                {u.lastSignInAt ? (
                  <time dateTime={u.lastSignInAt} title={formatDateTime(u.lastSignInAt)}>
                    {formatRelative(u.lastSignInAt)}
                  </time>
                ) : (
                  <span className="muted">Never</span>
                )}
              </Td>
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
    </section>
  );
}
