import { z } from 'zod';
import { isCommonPassword } from '../lib/common-passwords.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../lib/passwords.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9._@-]*$/, 'may contain letters, digits and . _ @ - and must start with a letter or digit');

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine(
    (p) => !isCommonPassword(p),
    'is one of the most commonly used passwords; choose one that is harder to guess',
  );

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters');
export const roleSchema = z.enum(['user', 'admin']);

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

export const userIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'is not a valid id');
