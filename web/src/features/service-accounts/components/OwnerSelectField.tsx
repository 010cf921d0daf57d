import type { FieldValues, Path } from 'react-hook-form';
import { FormSelectField } from '../../../components/ui/form';
import { usePeople } from '../api/list-people';
import { ADMINISTRATORS } from './service-account-schemas';

/**
 * Owner: the administrators, or an enabled person. Only administrators can list people; anyone else may hand a
 * service account to the administrators.
 */
export function OwnerSelectField<T extends FieldValues>({
  name,
  canListPeople,
  exclude,
}: {
  name: Path<T>;
  canListPeople: boolean;
  /** The current owner, left out of a hand-over's choices. */
  exclude?: string | null;
}) {
  const people = usePeople(canListPeople);
  const options = [
    { value: ADMINISTRATORS, label: 'Administrators' },
    ...(people.data ?? [])
      .filter((p) => p.id !== exclude)
      .map((p) => ({
        value: p.id,
        label: p.displayName && p.displayName !== p.username ? `${p.displayName} (${p.username})` : p.username,
      })),
  ];
  return (
    <FormSelectField<T>
      name={name}
      label="Owner"
      options={options}
      hint={
        canListPeople
          ? 'The person responsible for it, who manages its credentials; or the administrators.'
          : 'To hand it to another person, ask an administrator.'
      }
    />
  );
}
