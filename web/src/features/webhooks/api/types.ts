import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type Webhook = Schemas['Webhook'];
/** Only the create and rotate answers have this shape; it must never reach the query cache. */
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookList = Schemas['WebhookList'];
export type WebhookEventFilter = Schemas['WebhookEventFilter'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryPage = Schemas['WebhookDeliveryPage'];
export type CreateWebhookBody = Schemas['CreateWebhook'];
export type UpdateWebhookBody = Schemas['UpdateWebhook'];
