import type { DomainEventHandler } from '../events/dispatcher.js';
import { newId } from '../lib/ids.js';
import type { NewDelivery, WebhookDeliveryRepository, WebhookRepository } from '../store/store.js';
import { matches } from './events.js';
import { MAX_ATTEMPTS } from './retry.js';

/** The Standard Webhooks body: `{ type, timestamp, data }`, written once and sent as-is on every attempt. */
export const deliveryPayload = (type: string, timestamp: string, data: Record<string, unknown>) =>
  JSON.stringify({ type, timestamp, data });

/**
 * Turns domain events into pending deliveries, one per enabled endpoint that subscribed to the event's type (and
 * existed when it happened). Idempotent: a delivery is unique per (endpoint, event), so the dispatcher handing the
 * same events again adds nothing.
 */
export function webhookEventHandler(
  webhooks: Pick<WebhookRepository, 'enabled'>,
  deliveries: Pick<WebhookDeliveryRepository, 'enqueue'>,
): DomainEventHandler {
  return {
    name: 'webhooks',
    async handle(events) {
      const endpoints = await webhooks.enabled();
      if (endpoints.length === 0) return;
      const now = new Date().toISOString();
      const queued: NewDelivery[] = [];
      for (const e of events)
        for (const w of endpoints)
          if (e.at >= w.createdAt && matches(w.events, e.type))
            queued.push({
              id: newId(),
              webhookId: w.id,
              eventId: e.id,
              eventType: e.type,
              payload: deliveryPayload(e.type, e.at, e.data),
              maxAttempts: MAX_ATTEMPTS,
              createdAt: now,
              nextAttemptAt: now,
            });
      await deliveries.enqueue(queued);
    },
  };
}
