import { z } from 'zod';
import { isCommonPassword } from '../lib/common-passwords.js';
import { displayNameSchema, idSchema, passwordLengthSchema, roleSchema, usernameSchema } from '../contract/rules.js';

export { displayNameSchema, roleSchema, usernameSchema };

export const passwordSchema = passwordLengthSchema.refine(
  (p) => !isCommonPassword(p),
  'is one of the most commonly used passwords; choose one that is harder to guess',
);

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema.optional(),
  password: passwordSchema,
  role: roleSchema.default('user'),
  apiTokensEnabled: z.boolean().default(true),
});

export const updateUserSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
    apiTokensEnabled: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one field to change');

export const listUsersQuery = z.object({
  search: z.string().trim().max(128).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const userIdParam = idSchema;
