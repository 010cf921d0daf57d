import { clientDescriptionSchema, clientNameSchema, scopePairsSchema } from '@tessera/rules';
import { z } from 'zod';

/** Generate and Edit: name, title and audience/scope pairs, on the rules the server checks with. */
export const clientFormSchema = z.object({
  name: clientNameSchema,
  description: clientDescriptionSchema,
  scopes: scopePairsSchema,
});

export type ClientFormValues = z.input<typeof clientFormSchema>;
