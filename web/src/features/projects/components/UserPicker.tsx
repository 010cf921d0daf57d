import { useEffect, useState } from 'react';
import { FormRadioGroup } from '../../../components/ui/form';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { useDebounced } from '../../../lib/use-debounced';
import { PICKER_SIZE, useUserSearch } from '../api/search-users';
import type { AddMemberValues } from './project-schemas';

/**
 * The `userId` field of Add member: a search box over the organisation's people and service accounts (username or
 * display name) and the first matches as a radio group named "User"; typing more narrows them. `names` learns the
 * username of each user shown.
 */
export function UserPicker({ names }: { names: Map<string, string> }) {
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const users = useUserSearch(search);
  const found = users.data?.users ?? [];
  const more = (users.data?.total ?? 0) - found.length;
  // The usernames seen, so the form's confirmation can name whom it added.
  useEffect(() => users.data?.users.forEach((u) => names.set(u.id, u.username)), [users.data, names]);
  return (
    <FormRadioGroup<AddMemberValues>
      name="userId"
      legend="User"
      options={found.map((u) => ({
        value: u.id,
        label: u.username,
        hint:
          [u.displayName !== u.username ? u.displayName : '', u.kind === 'service' ? 'Service account' : '']
            .filter(Boolean)
            .join(' · ') || undefined,
      }))}
    >
      <label className="sr-only" htmlFor="project-member-search">
        Search users
      </label>
      <input
        id="project-member-search"
        type="search"
        className="input"
        placeholder="Search by username or display name"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {users.isError ? <ErrorAlert>{errorMessage(users.error)}</ErrorAlert> : null}
      <p className="field-hint" role="status">
        {users.isPending
          ? 'Loading users…'
          : found.length === 0
            ? 'No users match.'
            : more > 0
              ? `The first ${PICKER_SIZE} of ${users.data!.total}: type more of the name to narrow them.`
              : ''}
      </p>
    </FormRadioGroup>
  );
}
