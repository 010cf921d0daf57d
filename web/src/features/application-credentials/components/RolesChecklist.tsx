import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { useFieldError } from '../../../components/ui/form';
import type { ProjectRole } from '../api/types';
import '../../../components/credentials/credential-fields.css';

const ROLE_HINTS: Record<ProjectRole, string> = {
  member: 'Work in the project.',
  admin: 'Manage the project.',
};

/** The `roles` field: one checkbox per role the user holds in the chosen project, as a fieldset named "Roles". */
export function RolesChecklist({ available }: { available: readonly ProjectRole[] }) {
  const { register } = useFormContext<{ roles: ProjectRole[] }>();
  const error = useFieldError('roles', 'Roles');
  const id = useId();
  return (
    <fieldset
      className={`field scope-checklist ${error ? 'field-invalid' : ''}`}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
    >
      <legend className="field-label">Roles</legend>
      <p id={`${id}-hint`} className="field-hint">
        What tokens from it may do in the project: some or all of your roles there.
      </p>
      <ul className="scope-checklist-items">
        {available.map((role) => (
          <li key={role} className="field field-checkbox">
            <input
              id={`${id}-${role}`}
              type="checkbox"
              value={role}
              aria-describedby={`${id}-${role}-desc`}
              aria-invalid={error ? true : undefined}
              {...register('roles')}
            />
            <label htmlFor={`${id}-${role}`}>{role}</label>
            <p id={`${id}-${role}-desc`} className="field-hint">
              {ROLE_HINTS[role]}
            </p>
          </li>
        ))}
      </ul>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
