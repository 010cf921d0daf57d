import type { z } from 'zod';
import type { CredentialCreator } from '../security/credential-issuing.js';
import type { OAuth2Client } from '../store/store.js';
import type { newOAuth2ClientSchema, oauth2ClientSchema } from './schema.js';
import { fullyQualifiedScope } from './scopes.js';

export const clientStatus = (c: Pick<OAuth2Client, 'expiresAt'>, now = new Date().toISOString()) =>
  c.expiresAt !== null && c.expiresAt <= now ? ('expired' as const) : ('active' as const);

/** What leaves the server about a credential in lists and reads: never the secret, never its digest. */
export const presentClient = (
  c: OAuth2Client,
  creators: ReadonlyMap<string, CredentialCreator>,
): z.output<typeof oauth2ClientSchema> => ({
  id: c.id,
  clientId: c.id,
  userId: c.userId,
  name: c.name,
  description: c.description,
  scopes: c.scopes.map((s) => ({ audience: s.audience, scope: s.scope })),
  fullyQualifiedScopes: c.scopes.map(fullyQualifiedScope),
  secretHint: c.secretHint,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
  creator: (c.createdBy && creators.get(c.createdBy)) || null,
  updatedAt: c.updatedAt,
  secretResetAt: c.secretResetAt,
  expiresAt: c.expiresAt,
  lastUsedAt: c.lastUsedAt,
  status: clientStatus(c),
});

/** The create and reset-secret responses: the only two that ever carry the secret. */
export const presentNewClient = (
  c: OAuth2Client,
  creators: ReadonlyMap<string, CredentialCreator>,
  secret: string,
): z.output<typeof newOAuth2ClientSchema> => ({
  ...presentClient(c, creators),
  secret,
});
