import { z } from 'zod';
import { expiresAtSchema, idSchema, tokenDescriptionSchema } from '../contract/rules.js';

export const descriptionSchema = tokenDescriptionSchema;

export const createAuthTokenSchema = z.strictObject({
  description: descriptionSchema,
  /** ISO date-time, null for never, omitted for the default lifetime. */
  expiresAt: expiresAtSchema,
});

export const updateAuthTokenSchema = z.strictObject({ description: descriptionSchema });

export const tokenIdParam = idSchema;
