import type { FieldError } from './api-client';

/** "scopes.0.audience" → "Scopes 1 audience", "expiresAt" → "Expires at": a field path as words. */
export function fieldPathLabel(path: string): string {
  const words = path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/([a-z])([A-Z])/g, '$1 $2')))
    .join(' ')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'The request';
}

/** Field errors as sentences ("Username is required."), for when no form field shows them. */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors
    .map(({ path, message }) => {
      const text = message.trim().replace(/\.$/, '');
      // A message that is already a sentence of its own stays as it is; one after the field's name gets the name.
      return /^[a-z]/.test(text) ? `${fieldPathLabel(path)} ${text}.` : `${text}.`;
    })
    .join(' ');
}
