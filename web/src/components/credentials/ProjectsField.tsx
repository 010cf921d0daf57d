import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { useFieldError } from '../ui/form';
import type { ProjectRef } from './projects';
import './credential-fields.css';

export interface ProjectsFieldProps {
  /** The projects offered: the owner's (within the signed-in credential's limit), and those already chosen. */
  options: readonly ProjectRef[];
  /** "token" or "client", as the hint names the credential. */
  noun: string;
}

/**
 * The `projects` field of a form (issue 21): one checkbox per project the owner holds a role in, named by the
 * project. A fieldset, so the group is announced as "Projects" with its hint and error. None ticked: every project;
 * no project to offer: no field.
 */
export function ProjectsField({ options, noun }: ProjectsFieldProps) {
  const { register } = useFormContext<{ projects: string[] }>();
  const error = useFieldError('projects', 'Projects');
  const id = useId();
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  // An owner in no project has nothing to choose: the credential works in all projects, as before projects.
  if (options.length === 0) return null;
  return (
    <fieldset className={`field scope-checklist ${error ? 'field-invalid' : ''}`} aria-describedby={described}>
      <legend className="field-label">
        Projects <span className="field-optional">(optional)</span>
      </legend>
      <p id={`${id}-hint`} className="field-hint">
        Limit the {noun} to some of the owner’s projects: it sees only those. None chosen: all projects.
      </p>
      <ul className="scope-checklist-items">
        {options.map((p) => (
          <li key={p.id} className="field field-checkbox">
            <input
              id={`${id}-${p.id}`}
              type="checkbox"
              value={p.id}
              aria-invalid={error ? true : undefined}
              {...register('projects')}
            />
            <label htmlFor={`${id}-${p.id}`}>{p.name}</label>
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
