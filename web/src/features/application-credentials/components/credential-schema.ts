import { projectDescriptionSchema, tokenDescriptionSchema } from '@tessera/rules';
import { z } from 'zod';
import { customDateProblem, type ExpiryPolicy } from '../../../components/credentials/expiry';

/**
 * The Create application credential form: name and description as the server checks them (@tessera/rules), a
 * project and at least one of the user's roles there, the expiry as the policy allows, and whether it is unrestricted.
 */
export const createCredentialSchema = (policy: ExpiryPolicy) =>
  z
    .object({
      name: tokenDescriptionSchema,
      description: projectDescriptionSchema,
      projectId: z.string().min(1, 'Choose a project.'),
      roles: z.array(z.enum(['member', 'admin'])).min(1, 'Choose at least one role.'),
      choice: z.enum(['30', '60', '90', '365', 'custom', 'never']),
      customDate: z.string(),
      unrestricted: z.boolean(),
    })
    .superRefine((v, ctx) => {
      const problem = v.choice === 'custom' ? customDateProblem(v.customDate, policy) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['customDate'], message: problem });
    });
