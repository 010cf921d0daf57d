import type { components } from '../../../lib/api-types';

/** Issue 16's server change (H1) adds these; optional here until it lands. */
interface UserAdditions {
  lastSignInAt?: string | null;
  tokenCount?: number;
  lockedUntil?: string | null;
}

export type User = components['schemas']['User'] & UserAdditions;
export type Role = User['role'];
export type UserPage = Omit<components['schemas']['UserPage'], 'users'> & { users: User[]; total?: number };
/** Request bodies, as the server validates them (a field with a server default may be left out). */
export type CreateUserBody = components['schemas']['CreateUser'];
export type UpdateUserBody = components['schemas']['UpdateUser'];
/** What Unlock did: whether there was a lockout to lift. */
export interface UnlockResult {
  wasLocked: boolean;
  lockedUntil: string | null;
}
