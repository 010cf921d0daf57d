import { hashPassword } from '../lib/passwords.js';
import type { User, UserPatch } from '../store/store.js';

export interface UpdateUserInput {
  displayName?: string | undefined;
  role?: 'user' | 'admin' | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
  apiTokensEnabled?: boolean | undefined;
}

/** The change of one field in a `user.update` audit event; a password's values are never recorded. */
export interface FieldChange {
  field: 'displayName' | 'role' | 'disabled' | 'apiTokensEnabled' | 'password';
  from?: string | boolean;
  to?: string | boolean;
}

/**
 * What an update changes of `before`: the patch to write (each field that differs, and a new password's hash) and the
 * field changes its audit row records.
 */
export async function userChanges(
  before: User,
  input: UpdateUserInput,
): Promise<{ patch: UserPatch; changes: FieldChange[] }> {
  const patch: UserPatch = { updatedAt: new Date().toISOString() };
  const changes: FieldChange[] = [];
  if (input.displayName !== undefined && input.displayName !== before.displayName) {
    patch.displayName = input.displayName;
    changes.push({ field: 'displayName', from: before.displayName, to: input.displayName });
  }
  if (input.role !== undefined && input.role !== before.role) {
    patch.role = input.role;
    changes.push({ field: 'role', from: before.role, to: input.role });
  }
  if (input.disabled !== undefined && input.disabled !== before.disabled) {
    patch.disabled = input.disabled;
    changes.push({ field: 'disabled', from: before.disabled, to: input.disabled });
  }
  if (input.apiTokensEnabled !== undefined && input.apiTokensEnabled !== before.apiTokensEnabled) {
    patch.apiTokensEnabled = input.apiTokensEnabled;
    changes.push({ field: 'apiTokensEnabled', from: before.apiTokensEnabled, to: input.apiTokensEnabled });
  }
  if (input.password !== undefined) {
    patch.passwordHash = await hashPassword(input.password);
    changes.push({ field: 'password' }); // that it changed, never a value or a hash
  }
  return { patch, changes };
}
