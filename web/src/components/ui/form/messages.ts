/**
 * The shared rules (@tessera/rules) and the server word their messages for an API caller, after the field's name
 * ("must not be empty"); in a form the field's label goes in front: "Username must not be empty."
 * A message that is already a sentence of its own is shown as it is.
 */
export function fieldMessage(label: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return /^[a-z]/.test(message) ? `${label} ${message}.` : message;
}
