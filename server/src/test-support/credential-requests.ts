import type request from 'supertest';
import { expect } from 'vitest';
import { ADMIN_PASSWORD } from './harness.js';

type Http = Pick<ReturnType<typeof request>, 'post'>;

/** A client-credentials grant at the token endpoint; the response, whatever its status. */
export const clientCredentialsGrant = (http: Http, client: { id: string; secret: string }, scope: string) =>
  http.post('/oauth2/v1/token').type('form').send({
    grant_type: 'client_credentials',
    client_id: client.id,
    client_secret: client.secret,
    scope,
  });

/** A Keystone token of the initial administrator (password method, unscoped): its X-Subject-Token. */
export async function adminKeystoneToken(http: Http): Promise<string> {
  const issued = await http.post('/v3/auth/tokens').send({
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: 'admin', password: ADMIN_PASSWORD, domain: { name: 'Default' } } },
      },
    },
  });
  expect(issued.status).toBe(201);
  return issued.headers['x-subject-token'] as string;
}
