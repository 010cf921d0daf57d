import type { z } from 'zod';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { invalidField, NotFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import type { Webhook, WebhookDeliveryRepository, WebhookRepository } from '../store/store.js';
import { isDeliveryCursor } from '../store/webhook-deliveries.js';
import { PING_EVENT } from './events.js';
import { deliveryPayload } from './handler.js';
import { presentDelivery, presentWebhook } from './presenter.js';
import type {
  createWebhookSchema,
  deliveriesQuery,
  deliveryPageSchema,
  deliverySchema,
  updateWebhookSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from './schema.js';
import { newWebhookSecret, type WebhookSecrets } from './secret.js';
import { urlForLogs } from './url.js';

type Presented = z.output<typeof webhookSchema>;
type Delivery = z.output<typeof deliverySchema>;
const NO_WEBHOOK = 'No such webhook.';

/** What an audit row says of an endpoint: never its secret, and of its URL only the origin (see urlForLogs). */
const auditDetails = (w: Pick<Webhook, 'id' | 'url' | 'events' | 'description'>) => ({
  webhookId: w.id,
  url: urlForLogs(w.url),
  events: w.events,
  description: w.description,
});

/**
 * Administrators' webhook endpoints (issue 19): each change audited in its own transaction; the signing secret
 * generated here, sealed before it is stored, and returned only by create and rotate.
 */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly secrets: WebhookSecrets,
    private readonly audit: AuditService,
  ) {}

  private async endpoint(id: string): Promise<Webhook> {
    const w = await this.webhooks.get(id);
    if (!w) throw new NotFound(NO_WEBHOOK);
    return w;
  }

  async list(): Promise<Presented[]> {
    return (await this.webhooks.list()).map(presentWebhook);
  }

  async get(id: string): Promise<Presented> {
    return presentWebhook(await this.endpoint(id));
  }

  async create(
    ctx: AuditContext,
    input: z.output<typeof createWebhookSchema>,
  ): Promise<z.output<typeof webhookWithSecretSchema>> {
    const id = newId();
    const secret = newWebhookSecret();
    const now = new Date().toISOString();
    const webhook: Webhook = {
      id,
      url: input.url,
      description: input.description,
      events: input.events,
      secretSealed: this.secrets.seal(secret, id),
      createdAt: now,
      createdBy: ctx.actor,
      updatedAt: now,
      disabledAt: null,
    };
    const event = this.audit.event(ctx, { action: 'webhook.create', details: auditDetails(webhook) });
    await this.webhooks.create(webhook, event);
    this.audit.logged(event);
    return { ...presentWebhook(webhook), secret };
  }

  async update(ctx: AuditContext, id: string, input: z.output<typeof updateWebhookSchema>): Promise<Presented> {
    const before = await this.endpoint(id);
    const now = new Date().toISOString();
    const disabledAt =
      input.enabled === undefined || input.enabled === (before.disabledAt === null)
        ? undefined
        : input.enabled
          ? null
          : now;
    const after = {
      ...before,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    const event = this.audit.event(ctx, {
      action: 'webhook.update',
      details: {
        ...auditDetails(after),
        changed: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      },
    });
    const change = {
      updatedAt: now,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(disabledAt !== undefined ? { disabledAt } : {}),
    };
    if (!(await this.webhooks.update(id, change, event))) throw new NotFound(NO_WEBHOOK);
    this.audit.logged(event);
    return this.get(id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const before = await this.endpoint(id);
    const event = this.audit.event(ctx, { action: 'webhook.delete', details: auditDetails(before) });
    if (!(await this.webhooks.delete(id, event))) throw new NotFound(NO_WEBHOOK);
    this.audit.logged(event);
  }

  /** A new signing secret, in force for the next attempt of every delivery; the old one stops at once. */
  async rotateSecret(ctx: AuditContext, id: string): Promise<z.output<typeof webhookWithSecretSchema>> {
    const before = await this.endpoint(id);
    const secret = newWebhookSecret();
    const event = this.audit.event(ctx, { action: 'webhook.rotate_secret', details: auditDetails(before) });
    const change = { updatedAt: new Date().toISOString(), secretSealed: this.secrets.seal(secret, id) };
    if (!(await this.webhooks.update(id, change, event))) throw new NotFound(NO_WEBHOOK);
    this.audit.logged(event);
    return { ...(await this.get(id)), secret };
  }

  async deliveryLog(id: string, query: z.output<typeof deliveriesQuery>): Promise<z.output<typeof deliveryPageSchema>> {
    await this.endpoint(id);
    if (query.cursor !== undefined && !isDeliveryCursor(query.cursor))
      throw invalidField('cursor', 'is not a cursor this server gave');
    const page = await this.deliveries.page(id, {
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
    });
    return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
  }

  /** One more attempt of a delivery, due now, with the same `webhook-id` (receivers deduplicate by it). */
  async redeliver(ctx: AuditContext, id: string, deliveryId: string): Promise<Delivery> {
    const w = await this.endpoint(id);
    const event = this.audit.event(ctx, {
      action: 'webhook.redeliver',
      details: { ...auditDetails(w), deliveryId },
    });
    const d = await this.deliveries.redeliver(id, deliveryId, new Date().toISOString(), event);
    if (!d) throw new NotFound('No such delivery.');
    this.audit.logged(event);
    return presentDelivery(d);
  }

  /** A `webhook.ping` delivery, due now: lets an administrator check the receiver and its signature check. */
  async ping(id: string): Promise<Delivery> {
    const w = await this.endpoint(id);
    const now = new Date().toISOString();
    const delivery = {
      id: newId(),
      webhookId: w.id,
      eventId: newId(),
      eventType: PING_EVENT,
      payload: deliveryPayload(PING_EVENT, now, { webhookId: w.id }),
      // A check of the receiver now: one attempt, not a day of retries.
      maxAttempts: 1,
      createdAt: now,
      nextAttemptAt: now,
    };
    await this.deliveries.enqueue([delivery]);
    const stored = await this.deliveries.get(w.id, delivery.id);
    if (!stored) throw new NotFound(NO_WEBHOOK);
    return presentDelivery(stored);
  }
}
