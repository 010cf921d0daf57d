import { webhookDescriptionSchema, webhookUrlSchema } from '@tessera/rules';
import { z } from 'zod';

/** The Add and Edit forms: URL and description as the server checks them (@tessera/rules), at least one event. */
export const webhookFormSchema = z.object({
  url: webhookUrlSchema,
  description: webhookDescriptionSchema,
  events: z.array(z.string()).min(1, 'Choose at least one event, e.g. Token generated.'),
});

export type WebhookFormValues = z.input<typeof webhookFormSchema>;
