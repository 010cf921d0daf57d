import { z } from 'zod';
import { oauth2ClientSchema, oauth2ClientStatusSchema } from '../oauth2/schema.js';
import { inventoryOwnerSchema, inventoryQuery } from './schema.js';

// The administrators' organisation-wide inventory of OAuth 2.0 client credentials (issue 19, point 1): the auth-token
// inventory's query where it applies (no token scopes; a client's own status; text in its name, description or id).

export const clientInventoryQuery = inventoryQuery.omit({ scope: true, status: true, search: true }).extend({
  status: oauth2ClientStatusSchema.optional(),
  search: z.string().max(200).optional().describe('in the name, the description or the client id, case-insensitively'),
});

export const clientInventoryItemSchema = oauth2ClientSchema
  .extend({ owner: inventoryOwnerSchema })
  .meta({ id: 'InventoryOAuth2Client' });

export const clientInventoryPageSchema = z
  .strictObject({
    items: z.array(clientInventoryItemSchema),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
    total: z.number().int().describe('how many clients match, counted up to 10,000'),
    totalIsLowerBound: z.boolean().describe('true when more than 10,000 match: `total` is then "at least"'),
  })
  .meta({ id: 'OAuth2ClientInventory' });
