import { z } from 'zod';
import { SCOPES, type ScopeName } from './vocabulary.js';

const scopeNames = SCOPES.map((s) => s.name) as [ScopeName, ...ScopeName[]];

/** One of Tessera's scopes (scopes/vocabulary.ts; `GET /api/scopes` lists them with their descriptions). */
export const scopeNameSchema = z.enum(scopeNames).meta({ id: 'ScopeName' });

export const scopeListSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        name: scopeNameSchema,
        description: z.string(),
        adminOnly: z.boolean().describe('only an administrator’s credentials may hold it'),
      }),
    ),
  })
  .meta({ id: 'ScopeList' });
