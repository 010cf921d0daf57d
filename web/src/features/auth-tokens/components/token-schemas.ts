import { tokenDescriptionSchema } from '@tessera/rules';
import { z } from 'zod';
import { allowedNetworksFieldSchema } from '../../../components/credentials/networks';
import { projectsFieldSchema } from '../../../components/credentials/projects-schema';
import type { TokenPolicy } from '../api/types';
import { customDateProblem } from '../../../components/credentials/expiry';

/** At least one ticked: a token that may do nothing is a mistake, and the server refuses an empty list. */
export const tokenScopesSchema = z
  .array(z.string())
  .min(1, 'Choose at least one scope, e.g. profile:read (read-only).');

/**
 * The Generate Token form: the description as the server checks it (@tessera/rules), the expiry as the policy allows,
 * the scopes, the networks it may be used from and the projects it is limited to.
 */
export const generateTokenSchema = (policy: TokenPolicy) =>
  z
    .object({
      description: tokenDescriptionSchema,
      choice: z.enum(['30', '60', '90', '365', 'custom', 'never']),
      customDate: z.string(),
      scopes: tokenScopesSchema,
      allowedNetworks: allowedNetworksFieldSchema,
      projects: projectsFieldSchema,
    })
    .superRefine((v, ctx) => {
      const problem = v.choice === 'custom' ? customDateProblem(v.customDate, policy) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['customDate'], message: problem });
    });

export const editTokenSchema = z.object({
  description: tokenDescriptionSchema,
  scopes: tokenScopesSchema,
  allowedNetworks: allowedNetworksFieldSchema,
  projects: projectsFieldSchema,
});
