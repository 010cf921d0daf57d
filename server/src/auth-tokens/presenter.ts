import type { z } from 'zod';
import type { CredentialCreator } from '../security/credential-issuing.js';
import type { AuthToken } from '../store/store.js';
import type { authTokenSchema, newAuthTokenSchema } from './schema.js';

export type TokenStatus = 'active' | 'expired';

export const tokenStatus = (t: Pick<AuthToken, 'expiresAt'>, now = new Date().toISOString()): TokenStatus =>
  t.expiresAt !== null && t.expiresAt <= now ? 'expired' : 'active';

/** What leaves the server about a token in lists and reads: never the secret, never the digest. */
export const presentAuthToken = (
  t: AuthToken,
  creators: ReadonlyMap<string, CredentialCreator>,
): z.output<typeof authTokenSchema> => ({
  id: t.id,
  userId: t.userId,
  name: t.name,
  description: t.description,
  hint: t.hint,
  createdAt: t.createdAt,
  createdBy: t.createdBy,
  creator: (t.createdBy && creators.get(t.createdBy)) || null,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  lastUsedIp: t.lastUsedIp,
  regeneratedAt: t.regeneratedAt,
  status: tokenStatus(t),
});

/** The create and regenerate responses: the only two that ever carry the secret. */
export const presentNewAuthToken = (
  t: AuthToken,
  creators: ReadonlyMap<string, CredentialCreator>,
  token: string,
): z.output<typeof newAuthTokenSchema> => ({
  ...presentAuthToken(t, creators),
  token,
});
