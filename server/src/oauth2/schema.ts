import { z } from 'zod';
import {
  clientDescriptionSchema,
  clientNameSchema,
  expiresAtSchema,
  idSchema,
  scopePairsSchema,
} from '../contract/rules.js';

const nameSchema = clientNameSchema;
const descriptionSchema = clientDescriptionSchema;

export const createClientSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.default(''),
  scopes: scopePairsSchema,
  /** ISO date-time, null or omitted for no expiry (unless a maximum lifetime is configured). */
  expiresAt: expiresAtSchema,
});

export const updateClientSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    scopes: scopePairsSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one field to change');

export const clientIdParam = idSchema;
