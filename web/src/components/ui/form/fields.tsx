import { useId, type ReactNode } from 'react';
import { get, useFormContext, useFormState, type FieldValues, type Path, type RegisterOptions } from 'react-hook-form';
import {
  CheckboxField,
  SelectField,
  TextField,
  type CheckboxFieldProps,
  type SelectFieldProps,
  type TextFieldProps,
} from '../Field';
import { fieldMessage } from './messages';

/** A field's error message as a person reads it; an array's own error (e.g. a repeated scope) is under `root`. */
export function useFieldError(name: string, label: string): string | undefined {
  const { errors } = useFormState({ name });
  const error = get(errors, name) as { message?: string; root?: { message?: string } } | undefined;
  return fieldMessage(label, error?.message ?? error?.root?.message);
}

type Named<T extends FieldValues, P> = Omit<P, 'name' | 'error' | 'value' | 'defaultValue' | 'checked'> & {
  name: Path<T>;
  label: string;
  hint?: ReactNode;
  /** react-hook-form's own rules, for a form without a schema (sign-in: both fields required, nothing more). */
  rules?: RegisterOptions<T, Path<T>>;
};

/** A labelled text input bound to the form: its error and hint reach screen readers through aria-describedby. */
export function FormTextField<T extends FieldValues>({ name, label, rules, ...rest }: Named<T, TextFieldProps>) {
  const { register } = useFormContext<T>();
  return <TextField label={label} error={useFieldError(name, label)} {...rest} {...register(name, rules)} />;
}

export function FormSelectField<T extends FieldValues>({ name, label, ...rest }: Named<T, SelectFieldProps>) {
  const { register } = useFormContext<T>();
  return <SelectField label={label} error={useFieldError(name, label)} {...rest} {...register(name)} />;
}

export function FormCheckboxField<T extends FieldValues>({ name, label, ...rest }: Named<T, CheckboxFieldProps>) {
  const { register } = useFormContext<T>();
  return <CheckboxField label={label} {...rest} {...register(name)} />;
}

export interface RadioOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

/**
 * A choice of one among a few, bound to the form: a fieldset, so the group is announced by its legend with its hint
 * and error; each option's hint is read with it.
 */
export function FormRadioGroup<T extends FieldValues>({
  name,
  legend,
  options,
  hint,
  children,
}: {
  name: Path<T>;
  legend: string;
  options: readonly RadioOption[];
  hint?: ReactNode;
  /** Shown between the hint and the options (a search box that narrows them, a "none match" note). */
  children?: ReactNode;
}) {
  const { register } = useFormContext<T>();
  const error = useFieldError(name, legend);
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset className={`field radio-group ${error ? 'field-invalid' : ''}`} aria-describedby={described || undefined}>
      <legend className="field-label">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
      {options.length > 0 ? (
        <ul className="radio-group-items">
          {options.map((o) => (
            <li key={o.value} className="field field-checkbox">
              <input
                id={`${id}-${o.value}`}
                type="radio"
                value={o.value}
                aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
                {...register(name)}
              />
              <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
              {o.hint ? (
                <p id={`${id}-${o.value}-hint`} className="field-hint">
                  {o.hint}
                </p>
              ) : null}
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
