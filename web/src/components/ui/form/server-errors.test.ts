import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { applyServerErrors, serverFieldErrors } from './server-errors';

/** Enough of a react-hook-form form: its values, and the errors set on it in order. */
function fakeForm(values: Record<string, unknown>) {
  const set: { name: string; message: string; focus: boolean }[] = [];
  const get = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], values);
  return {
    set,
    getValues: ((path: string) => get(path)) as never,
    setError: ((name: string, e: { message: string }, o?: { shouldFocus?: boolean }) =>
      set.push({ name, message: e.message, focus: o?.shouldFocus ?? false })) as never,
  };
}

const invalid = (errors: { path: string; message: string }[]) =>
  new ApiError(400, 'Invalid request', 'invalid_request', errors);

describe('server field errors on a form', () => {
  it('puts each error that names a field (nested ones too) on it, focusing the first', () => {
    const form = fakeForm({ name: 'x', scopes: [{ audience: 'a', scope: 's' }] });
    const applied = applyServerErrors(
      form,
      invalid([
        { path: 'scopes.0.audience', message: 'must be an absolute URI' },
        { path: 'name', message: 'is required' },
      ]),
    );
    expect(applied).toBe(true);
    expect(form.set).toEqual([
      { name: 'scopes.0.audience', message: 'must be an absolute URI', focus: true },
      { name: 'name', message: 'is required', focus: false },
    ]);
  });

  it('leaves alone what names no field of the form, and anything that is not an API error', () => {
    const form = fakeForm({ description: '' });
    const error = invalid([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect(serverFieldErrors(form, error)).toEqual([]);
    expect(applyServerErrors(form, error)).toBe(false);
    expect(applyServerErrors(form, new Error('offline'))).toBe(false);
    expect(form.set).toEqual([]);
  });
});
