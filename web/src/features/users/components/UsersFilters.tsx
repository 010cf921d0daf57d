import type { RoleFilter, StatusFilter } from '../api/list-users';
import { ListSearch, ListSelect } from '../../../components/ui/ListControls';

export interface UsersFiltersProps {
  search: string;
  onSearch: (search: string) => void;
  role: RoleFilter;
  onRole: (role: RoleFilter) => void;
  status: StatusFilter;
  onStatus: (status: StatusFilter) => void;
  /** "42 users", once known. */
  count?: string;
}

const ROLES: { value: RoleFilter; label: string }[] = [
  { value: '', label: 'All roles' },
  { value: 'user', label: 'User' },
  { value: 'admin', label: 'Administrator' },
];
const STATUSES: { value: StatusFilter; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'locked', label: 'Locked' },
];

/** Search, role and status of the users list, and how many there are. */
export function UsersFilters({ search, onSearch, role, onRole, status, onStatus, count }: UsersFiltersProps) {
  return (
    <div className="list-controls" role="search" aria-label="Filter users">
      <ListSearch
        label="Search users"
        placeholder="Search by username or display name"
        value={search}
        onChange={onSearch}
      />
      <ListSelect<RoleFilter> label="Role" value={role} options={ROLES} onChange={onRole} />
      <ListSelect<StatusFilter> label="Status" value={status} options={STATUSES} onChange={onStatus} />
      <p className="list-controls-count muted" role="status">
        {count}
      </p>
    </div>
  );
}
