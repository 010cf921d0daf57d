import { z } from 'zod';
import { instant } from '../http/schemas.js';
import { CLIENT_RETENTION_DAYS } from '../store/credential-clients.js';

// Issue 20, point 1: a credential's recent clients, the same shape for auth tokens and OAuth clients.

export const credentialClientsQuery = z.object({
  sinceDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(CLIENT_RETENTION_DAYS)
    .default(CLIENT_RETENTION_DAYS)
    .describe('only clients last seen within this many days (7 for the impact preview of a delete or a rotation)'),
});

export const credentialClientSchema = z
  .strictObject({
    ip: z
      .string()
      .nullable()
      .describe('the client address as the server saw it (after trusted proxies); null: unknown'),
    userAgent: z
      .string()
      .nullable()
      .describe('the User-Agent header, control characters removed, at most 256 characters; null: none was sent'),
    firstSeenAt: instant.describe('first use by this pair within the retention (30 days)'),
    lastSeenAt: instant,
    count: z.number().int().min(1).describe('approximately how many uses (counted in memory, written in batches)'),
  })
  .meta({ id: 'CredentialClient' });

export const credentialClientListSchema = z
  .strictObject({
    items: z.array(credentialClientSchema).describe('newest last-seen first; at most 20'),
  })
  .meta({ id: 'CredentialClientList' });

/** The instant a `sinceDays` query starts at. */
export const sinceOf = (sinceDays: number, nowMs = Date.now()) =>
  new Date(nowMs - sinceDays * 86_400_000).toISOString();
