import { z } from 'zod';
import { idSchema, webhookDescriptionSchema, webhookUrlSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { EVENT_FILTERS } from './events.js';

// Webhooks (issue 19, point 6): administrators' endpoints, their signing secret shown once, their delivery log.

const MAX_EVENTS = 50;

export const eventFilterSchema = z
  .enum(EVENT_FILTERS as [string, ...string[]], {
    error: 'is not an event type or wildcard (see GET /api/openapi.json, WebhookEventFilter)',
  })
  .describe('an event type (`auth_token.created`), every event of a resource (`auth_token.*`), or `*` for all')
  .meta({ id: 'WebhookEventFilter' });

const eventsSchema = z
  .array(eventFilterSchema)
  .min(1, 'must name at least one event type')
  .max(MAX_EVENTS, `must name at most ${MAX_EVENTS} event types`)
  .refine((list) => new Set(list).size === list.length, 'must not name an event type twice');

export const createWebhookSchema = z
  .strictObject({
    url: webhookUrlSchema.describe('where deliveries are posted: http(s), no credentials, no fragment'),
    events: eventsSchema,
    description: webhookDescriptionSchema.default(''),
  })
  .meta({ id: 'CreateWebhook' });

export const updateWebhookSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: webhookDescriptionSchema.optional(),
    enabled: z.boolean().optional().describe('false: no new deliveries and no attempts until turned on again'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field')
  .meta({ id: 'UpdateWebhook' });

export const webhookPath = z.object({ webhookId: idSchema });
export const deliveryPath = webhookPath.extend({ deliveryId: idSchema });

export const deliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']).meta({ id: 'WebhookDeliveryStatus' });

export const deliveriesQuery = z.object({
  status: deliveryStatusSchema.optional(),
  cursor: z.string().max(1000).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// Response schemas are strict: a field a presenter starts leaking (the secret) fails the recorded-response test.
export const webhookSchema = z
  .strictObject({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: instant,
    createdBy: z.strictObject({ id: z.string(), username: z.string() }).nullable(),
    updatedAt: instant,
    disabledAt: instant.nullable(),
  })
  .meta({ id: 'Webhook' });

export const webhookWithSecretSchema = webhookSchema
  .extend({
    secret: z.string().describe('the signing secret (`whsec_` + base64): shown in this response only, never again'),
  })
  .meta({ id: 'WebhookWithSecret' });

export const webhookListSchema = z.strictObject({ items: z.array(webhookSchema) }).meta({ id: 'WebhookList' });

export const deliverySchema = z
  .strictObject({
    id: z.string().describe('the `webhook-id` header: the same on every attempt and redelivery'),
    webhookId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: deliveryStatusSchema,
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable().describe('when the next attempt is due (pending only)'),
    lastAttemptAt: instant.nullable(),
    lastStatusCode: z.number().int().nullable().describe('the HTTP status of the last response, if one came'),
    lastError: z.string().nullable().describe('why the last attempt failed'),
    createdAt: instant,
    payload: z.record(z.string(), z.unknown()).describe('the body sent: `{ type, timestamp, data }`'),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryPageSchema = z
  .strictObject({
    items: z.array(deliverySchema),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'WebhookDeliveryPage' });
