import type { z } from 'zod';
import type { User } from '../store/store.js';
import type { UserView } from './service.js';
import type { credentialOwnerSchema, userSchema } from './schema.js';

/** What leaves the server about a user: never the password hash. */
export const presentUser = (u: UserView): z.output<typeof userSchema> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabled: u.disabled,
  apiTokensEnabled: u.apiTokensEnabled,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  lastSignInAt: u.lastSignInAt,
  tokenCount: u.tokenCount,
  lockedUntil: u.lockedUntil,
  kind: u.kind,
});

/** The owner shown next to a credential list (auth tokens, OAuth clients). */
export const presentCredentialOwner = (u: User): z.output<typeof credentialOwnerSchema> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  apiTokensEnabled: u.apiTokensEnabled,
});
