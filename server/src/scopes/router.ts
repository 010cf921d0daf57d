import { route } from '../http/route.js';
import { scopeListSchema } from './schema.js';
import { SCOPES } from './vocabulary.js';

// The vocabulary is fixed at build time: the answer is made once.
const BODY = JSON.stringify({
  items: SCOPES.map(({ name, description, adminOnly }) => ({ name, description, adminOnly })),
});

/** `GET /api/scopes`: Tessera's scope vocabulary (docs/api.md "Scopes"), open to anyone like the features list. */
export const scopesRoute = route({
  method: 'get',
  path: '/api/scopes',
  tag: 'Service',
  summary: 'The scopes a credential can be given, with what each allows',
  auth: 'none',
  responses: { 200: { description: 'The scope vocabulary', schema: scopeListSchema } },
  handler: (_input, _req, res) => {
    res.type('application/json').send(BODY);
  },
});
