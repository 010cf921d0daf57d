import type { components } from '../../../lib/api-types';

export type User = components['schemas']['User'];
export type Role = User['role'];
export type UserPage = components['schemas']['UserPage'];
/** What an unlock did: whether there was a sign-in lockout, and when one still ends. */
export type UnlockResult = components['schemas']['UnlockResult'];
/** Request bodies, as the server validates them (a field with a server default may be left out). */
export type CreateUserBody = components['schemas']['CreateUser'];
export type UpdateUserBody = components['schemas']['UpdateUser'];
