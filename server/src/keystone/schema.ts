import { z } from 'zod';
import type { ResponseSpec } from '../http/route.js';

// Keystone clients send more than Tessera reads (e.g. `nocatalog`, MFA fields): loose objects ignore the rest.
const domainRef = z.looseObject({
  id: z.string().min(1).max(255).optional(),
  name: z.string().min(1).max(255).optional(),
});

const passwordUser = z.looseObject({
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(255).optional(),
  password: z.string().min(1).max(256),
  domain: domainRef.optional(),
});

// Issue 21, point 3: the application_credential method: `id` + `secret`, or `name` + `user` + `secret`.
const applicationCredentialIdentity = z.looseObject({
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(255).optional(),
  secret: z.string().min(1).max(256),
  user: z
    .looseObject({
      id: z.string().min(1).max(64).optional(),
      name: z.string().min(1).max(255).optional(),
      domain: domainRef.optional(),
    })
    .optional(),
});

export const keystoneAuthRequest = z
  .looseObject({
    auth: z.looseObject({
      identity: z.looseObject({
        methods: z.array(z.string()).min(1, 'name at least one method'),
        password: z.looseObject({ user: passwordUser }).optional(),
        token: z.looseObject({ id: z.string().min(1).max(256) }).optional(),
        application_credential: applicationCredentialIdentity.optional(),
      }),
      scope: z
        .union([
          z.literal('unscoped'),
          z.looseObject({
            domain: domainRef.optional(),
            project: z
              .looseObject({
                id: z.string().min(1).max(64).optional(),
                name: z.string().min(1).max(255).optional(),
                domain: domainRef.optional(),
              })
              .optional(),
            system: z.unknown().optional(),
          }),
        ])
        .optional(),
    }),
  })
  .meta({ id: 'KeystoneAuthRequest' });
export type KeystoneAuthRequest = z.infer<typeof keystoneAuthRequest>;

const named = z.object({ id: z.string(), name: z.string() });

export const keystoneTokenResponse = z
  .object({
    token: z.object({
      methods: z.array(z.string()),
      user: z.object({ id: z.string(), name: z.string(), domain: named, password_expires_at: z.null() }),
      domain: named.optional(),
      project: z.object({ id: z.string(), name: z.string(), domain: named }).optional(),
      expires_at: z.string().describe('ISO 8601 with microseconds, as Keystone writes it'),
      issued_at: z.string(),
      audit_ids: z.array(z.string()),
      roles: z.array(named),
      application_credential: z
        .object({
          id: z.string(),
          name: z.string(),
          restricted: z.boolean(),
          access_rules: z
            .array(z.object({ id: z.string(), service: z.string(), method: z.string(), path: z.string() }))
            .optional(),
        })
        .optional()
        .describe('a token from an application credential (issue 21): which, and its limits'),
      catalog: z.array(z.unknown()),
    }),
  })
  .meta({ id: 'KeystoneToken' });

export const keystoneErrorResponse = z
  .object({
    error: z.object({ code: z.number().int(), title: z.string(), message: z.string() }),
  })
  .meta({ id: 'KeystoneError' });

/** A route's error responses, each in Keystone's error body. */
export const errors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'Keystone error', schema: keystoneErrorResponse }]));

export const keystoneVersionResponse = z
  .object({
    version: z.object({
      id: z.string(),
      status: z.string(),
      updated: z.string(),
      links: z.array(z.object({ rel: z.string(), href: z.string() })),
      'media-types': z.array(z.object({ base: z.string(), type: z.string() })),
    }),
  })
  .meta({ id: 'KeystoneVersion' });
