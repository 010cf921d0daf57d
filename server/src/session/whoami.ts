import type { z } from 'zod';
import { route } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { whoAmISchema } from './schema.js';

/** `GET /api/whoami`: the benchmarked token request, so it stays one synchronous handler. */
export const whoAmIRoute = route({
  method: 'get',
  path: '/api/whoami',
  tag: 'Session',
  summary: 'Who the credential belongs to and how it authenticated',
  auth: 'any',
  scope: 'profile:read',
  responses: { 200: { description: 'The caller', schema: whoAmISchema }, ...problems(401) },
  handler: (_input, req, res) => {
    const p = req.principal!;
    const u = p.user;
    // Written out rather than spread: the fields are the answer's contract, in this order.
    const me: z.output<typeof whoAmISchema> = {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      authenticatedBy: p.authenticatedBy,
      via: p.via,
    };
    if (p.tokenId) me.tokenId = p.tokenId;
    res.json(me);
  },
});
