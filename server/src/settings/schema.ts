import { z } from 'zod';
import { instant } from '../http/schemas.js';

export const bootstrapTokenStatusSchema = z
  .strictObject({
    configured: z.boolean().describe('TESSERA_BOOTSTRAP_TOKEN is set'),
    enabled: z
      .boolean()
      .describe('accepted; false once an administrator turned it off (refused like an unknown token, no restart)'),
    lastUsedAt: instant.nullable().describe('its last accepted use'),
    lastUsedIp: z.string().nullable().describe('the address of its last accepted use'),
  })
  .meta({ id: 'BootstrapTokenStatus' });

export const updateBootstrapTokenSchema = z.strictObject({ enabled: z.boolean() }).meta({ id: 'UpdateBootstrapToken' });
