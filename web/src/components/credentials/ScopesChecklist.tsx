import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { useFieldError } from '../ui/form';
import { Button } from '../ui/Button';
import { ErrorAlert, Loading, Notice } from '../ui/Feedback';
import { scopesFor, useScopes } from './scopes';
import './credential-fields.css';

export interface ScopesChecklistProps {
  /** Administrators' scopes are offered only to an administrator's credential. */
  ownerIsAdmin: boolean;
  /** Editing a token with no scope list of its own: say so, and that unticking narrows it. */
  fullAccess?: boolean;
  hint?: string;
  /** The scopes the organisation's policy allows; the others are not offered. */
  allowed?: readonly string[];
}

/**
 * The `scopes` field of a form: one checkbox per scope of `GET /api/scopes`, named by the scope, described by what it
 * allows. A fieldset, so the group is announced as "Scopes" with its hint and error.
 */
export function ScopesChecklist({ ownerIsAdmin, fullAccess, hint, allowed }: ScopesChecklistProps) {
  const { register } = useFormContext<{ scopes: string[] }>();
  const scopes = useScopes();
  const error = useFieldError('scopes', 'Scopes');
  const id = useId();
  const described = [hint ? `${id}-hint` : '', fullAccess ? `${id}-full` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      className={`field scope-checklist ${error ? 'field-invalid' : ''}`}
      aria-describedby={described || undefined}
    >
      <legend className="field-label">Scopes</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {fullAccess ? (
        <Notice tone="warning" id={`${id}-full`}>
          <strong>Full access:</strong> this token can do everything its owner can, including what later scopes allow.
          Untick what it doesn’t need to narrow it.
        </Notice>
      ) : null}
      {scopes.isPending ? <Loading label="Loading scopes…" /> : null}
      {scopes.isError ? (
        <ErrorAlert title="The scopes could not be loaded.">
          <Button size="sm" onClick={() => void scopes.refetch()} busy={scopes.isFetching}>
            Retry
          </Button>
        </ErrorAlert>
      ) : null}
      {scopes.data ? (
        <ul className="scope-checklist-items">
          {scopesFor(scopes.data.items, ownerIsAdmin, allowed).map((s) => (
            <li key={s.name} className="field field-checkbox">
              <input
                id={`${id}-${s.name}`}
                type="checkbox"
                value={s.name}
                aria-describedby={`${id}-${s.name}-desc`}
                aria-invalid={error ? true : undefined}
                {...register('scopes')}
              />
              <label htmlFor={`${id}-${s.name}`}>
                <code>{s.name}</code>
              </label>
              <p id={`${id}-${s.name}-desc`} className="field-hint">
                {s.description}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
