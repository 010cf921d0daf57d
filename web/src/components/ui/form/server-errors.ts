import type { FieldPath, FieldValues, UseFormReturn } from 'react-hook-form';
import { ApiError, type FieldError } from '../../../lib/api-client';

/** What these helpers need of a form (whatever its submit handler receives). */
type FormFields<T extends FieldValues> = Pick<UseFormReturn<T>, 'getValues' | 'setError'>;

/** The problem's field errors (`errors: [{ path, message }]`) that name a field of this form, e.g. `scopes.0.audience`. */
export function serverFieldErrors<T extends FieldValues>(form: FormFields<T>, error: unknown): FieldError[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.filter((e) => e.path !== '' && form.getValues(e.path as FieldPath<T>) !== undefined);
}

/**
 * Puts a failed submit's field errors on their fields, as if the form had found them, and focuses the first; each
 * clears once its field is changed and passes the form's own rules. Returns whether any field took one.
 */
export function applyServerErrors<T extends FieldValues>(form: FormFields<T>, error: unknown): boolean {
  const errors = serverFieldErrors(form, error);
  errors.forEach((e, i) =>
    form.setError(e.path as FieldPath<T>, { type: 'server', message: e.message }, { shouldFocus: i === 0 }),
  );
  return errors.length > 0;
}
