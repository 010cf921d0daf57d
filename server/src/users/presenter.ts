import type { User } from '../store/store.js';

/** What leaves the server about a user: never the password hash. */
export const presentUser = (u: User) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  apiTokensEnabled: u.apiTokensEnabled,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});
