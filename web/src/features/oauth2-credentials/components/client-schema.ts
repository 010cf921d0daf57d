import { clientDescriptionSchema, clientNameSchema, scopePairsSchema } from '@tessera/rules';
import { z } from 'zod';
import { allowedNetworksFieldSchema } from '../../../components/credentials/networks';
import { projectsFieldSchema } from '../../../components/credentials/projects-schema';

/** Generate and Edit: name, title, audience/scope pairs, networks and projects, on the rules the server checks with. */
export const clientFormSchema = z.object({
  name: clientNameSchema,
  description: clientDescriptionSchema,
  scopes: scopePairsSchema,
  allowedNetworks: allowedNetworksFieldSchema,
  projects: projectsFieldSchema,
});

/** What the form holds (the networks as the textarea's text)… */
export type ClientFormValues = z.input<typeof clientFormSchema>;
/** …and what it gives to send (the networks as a list). */
export type ClientFormOutput = z.output<typeof clientFormSchema>;
