import { z } from 'zod';
import { instant } from '../http/schemas.js';
import { isCommonPassword } from '../lib/common-passwords.js';
import { displayNameSchema, idSchema, passwordLengthSchema, roleSchema, usernameSchema } from '../contract/rules.js';

export { displayNameSchema, roleSchema, usernameSchema };

export const passwordSchema = passwordLengthSchema.refine(
  (p) => !isCommonPassword(p),
  'is one of the most commonly used passwords; choose one that is harder to guess',
);

export const createUserSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: displayNameSchema.optional(),
    password: passwordSchema,
    role: roleSchema.default('user'),
    apiTokensEnabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateUser' });

export const updateUserSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
    apiTokensEnabled: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one field to change')
  .meta({ id: 'UpdateUser' });

export const changeOwnPasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, 'is required').max(256),
    newPassword: passwordSchema,
  })
  .meta({ id: 'ChangeOwnPassword' });

export const userKindSchema = z
  .enum(['person', 'service'])
  .describe('person: signs in; service: a service account, a program’s own identity with no password or sign-in')
  .meta({ id: 'UserKind' });

export const userStatusSchema = z
  .enum(['active', 'disabled', 'locked', 'enabled'])
  .describe(
    'active: enabled and not locked; locked: enabled, with a sign-in lockout; disabled: disabled; ' +
      'enabled: not disabled, locked or not (e.g. whom a service account may be handed to)',
  )
  .meta({ id: 'UserStatus' });

export const listUsersQuery = z.object({
  search: z.string().trim().max(128).optional(),
  role: roleSchema.optional(),
  status: userStatusSchema.optional(),
  kind: z
    .enum(['person', 'service', 'any'])
    .default('person')
    .describe('people (the default), service accounts, or both (e.g. to pick a project member)'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const userIdParam = idSchema;

/** `{userId}` in a path: a user id, or `me`. */
export const userPath = z.object({ userId: userIdParam.describe('a user id, or `me`') });

export const userSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    apiTokensEnabled: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
    lastSignInAt: instant.nullable().describe('the last successful console sign-in; null before the first'),
    tokenCount: z.number().int().describe('how many auth tokens the user has'),
    lockedUntil: instant
      .nullable()
      .describe('when the sign-in lockout after repeated failed attempts ends; null when not locked'),
    kind: userKindSchema,
  })
  .meta({ id: 'User' });

export const userPageSchema = z
  .strictObject({
    users: z.array(userSchema),
    nextCursor: z.string().nullable(),
    total: z.number().int().describe('how many users match the filters'),
  })
  .meta({ id: 'UserPage' });

export const unlockResultSchema = z
  .strictObject({
    wasLocked: z.boolean().describe('whether the username had a sign-in lockout to lift'),
    lockedUntil: instant.nullable().describe('when a lockout still ends; null when none remains'),
  })
  .meta({ id: 'UnlockResult' });

export const administratorsSchema = z
  .strictObject({ items: z.array(z.strictObject({ username: z.string(), displayName: z.string() })) })
  .meta({ id: 'Administrators' });

/** The owner shown next to a credential list. */
export const credentialOwnerSchema = z
  .strictObject({ id: z.string(), username: z.string(), displayName: z.string(), apiTokensEnabled: z.boolean() })
  .meta({ id: 'CredentialOwner' });

/** Who created a credential (`createdBy` with names); a credential's `creator` is null when unknown (the bootstrap token, a user since deleted). */
export const credentialCreatorSchema = z
  .strictObject({ id: z.string(), username: z.string(), displayName: z.string() })
  .meta({ id: 'CredentialCreator' });
