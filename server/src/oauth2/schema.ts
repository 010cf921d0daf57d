import { z } from 'zod';
import { scopePairsSchema } from './scopes.js';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const nameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .refine(noControl, 'must not contain control characters');

const descriptionSchema = z
  .string()
  .trim()
  .max(255, 'must be at most 255 characters')
  .refine(noControl, 'must not contain control characters');

export const createClientSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.default(''),
  scopes: scopePairsSchema,
  /** ISO date-time, null or omitted for no expiry (unless a maximum lifetime is configured). */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const updateClientSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    scopes: scopePairsSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one field to change');

export const clientIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'is not a valid id');
