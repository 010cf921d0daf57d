import { createHash, randomUUID } from 'node:crypto';
import type { NewAuthToken, NewUser } from '../store/store.js';

/** A fixed clock for store tests: 1 Jan 2026 plus ms. */
export const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
export const digestOf = (s: string) => createHash('sha256').update(s).digest('hex');

/** A user row for store tests; the display name is the username in capitals. */
export const newUser = (username: string, extra: Partial<NewUser> = {}): NewUser => ({
  id: randomUUID(),
  username,
  displayName: username.toUpperCase(),
  role: 'user',
  passwordHash: 'not-a-real-hash',
  apiTokensEnabled: true,
  createdAt: at(0),
  ...extra,
});

/** A token row for store tests; its digest is that of its own id unless given. */
export const newToken = (userId: string, extra: Partial<NewAuthToken> = {}): NewAuthToken => {
  const id = randomUUID();
  return {
    id,
    userId,
    name: null,
    description: `token ${id.slice(0, 4)}`,
    hint: 'tsr_…abcd',
    digest: digestOf(id),
    createdAt: at(1000),
    createdBy: userId,
    expiresAt: null,
    ...extra,
  };
};
