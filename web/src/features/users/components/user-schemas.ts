import { displayNameSchema, passwordLengthSchema, roleSchema, usernameSchema } from '@tessera/rules';
import { z } from 'zod';

// The users forms, on the rules the server checks with; the server adds its common-password check.

export const createUserSchema = z.object({
  username: usernameSchema,
  // Optional here: an empty field sends none, and the server then uses the username.
  displayName: z
    .string()
    .trim()
    .transform((s) => s || undefined)
    .pipe(displayNameSchema.optional()),
  password: passwordLengthSchema,
  role: roleSchema,
  apiTokensEnabled: z.boolean(),
});

export const editUserSchema = z.object({ displayName: displayNameSchema, role: roleSchema });

export const resetPasswordSchema = z.object({ password: passwordLengthSchema });

export const ROLE_OPTIONS = [
  { value: 'user', label: 'User' },
  { value: 'admin', label: 'Administrator' },
];
