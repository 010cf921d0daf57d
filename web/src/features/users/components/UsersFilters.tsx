import { useId } from 'react';
import type { RoleFilter, StatusFilter } from '../api/list-users';
import '../../../components/ui/list-controls.css';

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

/** Search, role and status of the users list, and how many there are. */
export function UsersFilters({ search, onSearch, role, onRole, status, onStatus, count }: UsersFiltersProps) {
  const id = useId();
  return (
    <div className="list-controls" role="search" aria-label="Filter users">
      <div className="list-controls-search">
        <label htmlFor={`${id}-q`} className="sr-only">
          Search users
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          placeholder="Search by username or display name"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
        />
      </div>
      <div className="list-controls-field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select
          id={`${id}-role`}
          className="input select"
          value={role}
          onChange={(e) => onRole(e.target.value as RoleFilter)}
        >
          <option value="">All roles</option>
          <option value="user">User</option>
          <option value="admin">Administrator</option>
        </select>
      </div>
      <div className="list-controls-field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          className="input select"
          value={status}
          onChange={(e) => onStatus(e.target.value as StatusFilter)}
        >
          <option value="">All</option>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
          <option value="locked">Locked</option>
        </select>
      </div>
      <p className="list-controls-count muted" role="status">
        {count}
      </p>
    </div>
  );
}
