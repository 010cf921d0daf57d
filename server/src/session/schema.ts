import { z } from 'zod';
import { instant } from '../http/schemas.js';
import { userSchema } from '../users/schema.js';

export const signInSchema = z
  .strictObject({
    username: z.string().trim().toLowerCase().min(1, 'is required').max(64),
    password: z.string().min(1, 'is required').max(256),
  })
  .meta({ id: 'SignIn' });

export const sessionSchema = z
  .strictObject({ user: userSchema, idleExpiresAt: instant, absoluteExpiresAt: instant })
  .meta({ id: 'Session' });

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
  })
  .meta({ id: 'WhoAmI' });
