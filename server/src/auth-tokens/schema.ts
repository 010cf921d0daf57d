import { z } from 'zod';

export const descriptionSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

export const createAuthTokenSchema = z.strictObject({
  description: descriptionSchema,
  /** ISO date-time, null for never, omitted for the default lifetime. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const updateAuthTokenSchema = z.strictObject({ description: descriptionSchema });

export const tokenIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'is not a valid id');
