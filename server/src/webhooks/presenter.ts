import type { z } from 'zod';
import type { Webhook, WebhookDelivery } from '../store/store.js';
import type { deliverySchema, webhookSchema } from './schema.js';

/** What leaves the server of an endpoint: everything but its secret (sealed or not). */
export const presentWebhook = (w: Webhook): z.output<typeof webhookSchema> => ({
  id: w.id,
  url: w.url,
  description: w.description,
  events: w.events,
  enabled: w.disabledAt === null,
  createdAt: w.createdAt,
  createdBy: w.createdBy,
  updatedAt: w.updatedAt,
  disabledAt: w.disabledAt,
});

export const presentDelivery = (d: WebhookDelivery): z.output<typeof deliverySchema> => ({
  id: d.id,
  webhookId: d.webhookId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
  lastAttemptAt: d.lastAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt,
  payload: JSON.parse(d.payload) as Record<string, unknown>,
});
