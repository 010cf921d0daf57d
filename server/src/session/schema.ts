import { z } from 'zod';
import { otpCodeSchema, recoveryCodeSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { scopeNameSchema } from '../scopes/schema.js';
import { PROJECT_ROLES } from '../store/project-types.js';
import { userSchema } from '../users/schema.js';

export const signInSchema = z
  .strictObject({
    username: z.string().trim().toLowerCase().min(1, 'is required').max(64),
    password: z.string().min(1, 'is required').max(256),
    otp: otpCodeSchema.optional().describe('a code from the authenticator app, when the account has one'),
    recoveryCode: recoveryCodeSchema.optional().describe('one of the account’s recovery codes, used once'),
  })
  .meta({ id: 'SignIn' });

export const sessionSchema = z
  .strictObject({
    user: userSchema,
    signInMethod: z
      .enum(['password', 'oidc'])
      .describe('how this session was signed in to: a password (and second factor), or the OpenID provider'),
    idleExpiresAt: instant,
    absoluteExpiresAt: instant,
    mfaEnrolmentRequired: z
      .boolean()
      .optional()
      .describe('TESSERA_REQUIRE_MFA: set up a second factor first; every other API route answers 403 until then'),
  })
  .meta({ id: 'Session' });

export const signOutSchema = z
  .strictObject({
    endSessionUrl: z.url().describe('the OpenID provider’s logout, coming back to /signin'),
  })
  .meta({ id: 'SignOut' });

export const whoAmISchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: userSchema.shape.role,
    authenticatedBy: z.enum(['session', 'auth-token', 'bootstrap-token', 'oauth2', 'keystone']),
    via: z
      .enum(['cookie', 'bearer', 'ssws', 'x-auth-token', 'basic'])
      .describe('the header the credential came in: `ssws` is `Authorization: SSWS …`'),
    tokenId: z.string().optional(),
    scopes: z
      .array(scopeNameSchema)
      .describe('the scopes the credential can use; for full access, every scope the user’s role can use'),
    fullAccess: z.boolean().describe('a session, or a credential without a scope list of its own'),
    project: z
      .strictObject({ id: z.string(), name: z.string(), roles: z.array(z.enum(PROJECT_ROLES)) })
      .optional()
      .describe('a project-scoped Keystone token: its project and the roles it carries there'),
    projects: z
      .array(z.strictObject({ id: z.string(), name: z.string() }))
      .optional()
      .describe(
        'the projects the credential is limited to (issue 21), by name; absent when it is not limited (every project)',
      ),
  })
  .meta({ id: 'WhoAmI' });
