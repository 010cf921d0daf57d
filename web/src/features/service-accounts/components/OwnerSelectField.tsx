import { useState } from 'react';
import type { FieldValues, Path } from 'react-hook-form';
import { FormComboboxField, FormSelectField } from '../../../components/ui/form';
import { errorMessage } from '../../../lib/api-client';
import { useDebounced } from '../../../lib/use-debounced';
import { usePeopleSearch } from '../api/search-people';
import { ADMINISTRATORS_OPTION, ownerOptions, ownerSearchStatus } from './owner-options';

interface OwnerFieldProps<T extends FieldValues> {
  name: Path<T>;
  /** The current owner, left out of a hand-over's choices. */
  exclude?: string | null;
}

/**
 * Owner: the administrators, or an enabled person. Only administrators can look people up (`GET /api/users`), so
 * they search for one; anyone else may hand a service account to the administrators.
 */
export function OwnerSelectField<T extends FieldValues>({
  canListPeople,
  ...props
}: OwnerFieldProps<T> & { canListPeople: boolean }) {
  if (canListPeople) return <OwnerSearchField<T> {...props} />;
  return (
    <FormSelectField<T>
      name={props.name}
      label="Owner"
      options={[ADMINISTRATORS_OPTION]}
      hint="To hand it to another person, ask an administrator."
    />
  );
}

function OwnerSearchField<T extends FieldValues>({ name, exclude }: OwnerFieldProps<T>) {
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const people = usePeopleSearch(search);
  // Until the search for what is in the box has answered, the list is for an older text.
  const pending = search !== text.trim() || people.isPlaceholderData || people.isPending;
  return (
    <FormComboboxField<T>
      name={name}
      label="Owner"
      placeholder="Search people by username or name"
      hint="The person responsible for it, who manages its credentials; or the administrators."
      options={ownerOptions(people.data?.users ?? [], search, exclude)}
      onSearch={setText}
      pending={pending}
      status={ownerSearchStatus(people.data, {
        pending,
        error: people.isError ? errorMessage(people.error) : undefined,
        exclude,
      })}
    />
  );
}
