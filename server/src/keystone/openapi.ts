import { z } from 'zod';
import type { ResponseSpec, RouteSpec } from '../openapi/registry.js';
import {
  keystoneAuthRequest,
  keystoneErrorResponse,
  keystoneTokenResponse,
  keystoneVersionResponse,
} from './schema.js';

const errors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'Keystone error', schema: keystoneErrorResponse }]));
const subjectHeader = z.object({ 'X-Subject-Token': z.string().describe('the token to validate or revoke') });
const tokenHeader = { 'X-Subject-Token': { description: 'the token (tsk_…)' } };

export const keystoneRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/v3',
    tag: 'Keystone v3',
    summary: 'Identity API version (discovery)',
    auth: 'none',
    responses: { 200: { description: 'Version', schema: keystoneVersionResponse } },
  },
  {
    method: 'post',
    path: '/v3/auth/tokens',
    tag: 'Keystone v3',
    summary: 'Issue a token by password (user by name + domain, or by id) or from a valid token',
    description:
      'The token is in the X-Subject-Token header. Domain scope is honoured; project scope is refused with 400. ' +
      'A user whose API tokens are turned off gets 403. Not cookie-authenticated.',
    auth: 'none',
    body: { schema: keystoneAuthRequest },
    responses: {
      201: { description: 'Issued', schema: keystoneTokenResponse, headers: tokenHeader },
      ...errors(400, 401, 403, 429),
    },
  },
  {
    method: 'get',
    path: '/v3/auth/tokens',
    tag: 'Keystone v3',
    summary: 'Validate X-Subject-Token (the caller authenticates with X-Auth-Token)',
    auth: 'any',
    headers: subjectHeader,
    responses: {
      200: { description: 'Valid', schema: keystoneTokenResponse, headers: tokenHeader },
      ...errors(400, 401, 404),
    },
  },
  {
    method: 'head',
    path: '/v3/auth/tokens',
    tag: 'Keystone v3',
    summary: 'Check X-Subject-Token without a body',
    auth: 'any',
    headers: subjectHeader,
    responses: {
      200: { description: 'Valid' },
      401: { description: 'No valid credential' },
      404: { description: 'Expired or revoked' },
    },
  },
  {
    method: 'delete',
    path: '/v3/auth/tokens',
    tag: 'Keystone v3',
    summary: 'Revoke X-Subject-Token at once',
    auth: 'any',
    headers: subjectHeader,
    responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 404) },
  },
];
