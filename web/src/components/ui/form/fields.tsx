import type { ReactNode } from 'react';
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
