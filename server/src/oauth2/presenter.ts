import type { z } from 'zod';
import { presentDelivery } from '../security/credential-delivery.js';
import type { CredentialCreator } from '../security/credential-issuing.js';
import type { OAuth2Client, Role } from '../store/store.js';
import type { newOAuth2ClientSchema, oauth2ClientSchema } from './schema.js';
import { effectiveScopes, fullyQualifiedScope } from './scopes.js';

/** Whose pairs are shown and for which issuer: a pre-scopes Tessera pair is shown as what it counts as now. */
export interface ClientView {
  issuer: string;
  role: Role;
}

/** Expired wins over suspended: resuming an expired client would not make it usable. */
export const clientStatus = (
  c: Pick<OAuth2Client, 'expiresAt' | 'suspendedAt'>,
  now = new Date().toISOString(),
): 'active' | 'expired' | 'suspended' =>
  c.expiresAt !== null && c.expiresAt <= now ? 'expired' : c.suspendedAt !== null ? 'suspended' : 'active';

/** What leaves the server about a credential in lists and reads: never the secret, never its digest. */
export const presentClient = (
  c: OAuth2Client,
  creators: ReadonlyMap<string, CredentialCreator>,
  view: ClientView,
): z.output<typeof oauth2ClientSchema> => presentWith(c, creators, effectiveScopes(c.scopes, view.issuer, view.role));

const presentWith = (
  c: OAuth2Client,
  creators: ReadonlyMap<string, CredentialCreator>,
  scopes: OAuth2Client['scopes'],
): z.output<typeof oauth2ClientSchema> => ({
  id: c.id,
  clientId: c.id,
  userId: c.userId,
  name: c.name,
  description: c.description,
  scopes: scopes.map((s) => ({ audience: s.audience, scope: s.scope })),
  fullyQualifiedScopes: scopes.map(fullyQualifiedScope),
  secretHint: c.secretHint,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
  creator: (c.createdBy && creators.get(c.createdBy)) || null,
  updatedAt: c.updatedAt,
  secretResetAt: c.secretResetAt,
  expiresAt: c.expiresAt,
  lastUsedAt: c.lastUsedAt,
  allowedNetworks: c.allowedNetworks,
  projects: c.projects,
  status: clientStatus(c),
  suspendedAt: c.suspendedAt,
  grace: c.grace ?? null,
  ...presentDelivery(c.userId, c.delivery),
});

/** The create and reset-secret responses: the only two that ever carry the secret. */
export const presentNewClient = (
  c: OAuth2Client,
  creators: ReadonlyMap<string, CredentialCreator>,
  view: ClientView,
  secret: string,
): z.output<typeof newOAuth2ClientSchema> => ({
  ...presentClient(c, creators, view),
  secret,
});
