import { displayNameSchema, serviceAccountDescriptionSchema, usernameSchema } from '@tessera/rules';
import { z } from 'zod';

// The service-account forms, on the rules the server checks with.

/** The owner field's value for "the administrators" (a select has no null). */
export const ADMINISTRATORS = '';

export const createServiceAccountSchema = z.object({
  username: usernameSchema,
  // Optional here: an empty field sends none, and the server then uses the username.
  displayName: z
    .string()
    .trim()
    .transform((s) => s || undefined)
    .pipe(displayNameSchema.optional()),
  description: serviceAccountDescriptionSchema,
  ownerId: z.string(),
});

export const transferOwnershipSchema = z.object({ ownerId: z.string() });

export const editServiceAccountSchema = z.object({
  displayName: displayNameSchema,
  description: serviceAccountDescriptionSchema,
});

/** The form's owner value → the API's `ownerId` (null: the administrators). */
export const ownerIdOf = (value: string): string | null => (value === ADMINISTRATORS ? null : value);
