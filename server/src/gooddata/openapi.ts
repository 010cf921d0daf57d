import { z } from 'zod';
import type { ResponseSpec, RouteSpec } from '../openapi/registry.js';
import {
  GOODDATA_MEDIA_TYPE,
  apiTokenInDocument,
  apiTokenOutDocument,
  apiTokenOutList,
  gooddataId,
  gooddataUserParam,
  jsonApiErrors,
} from './schema.js';

const errors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: 'JSON:API error document', schema: jsonApiErrors, contentType: GOODDATA_MEDIA_TYPE },
    ]),
  );
const userPath = z.object({ userId: gooddataUserParam.describe('user id or username (e.g. john.doe), or `me`') });
const tokenPath = userPath.extend({ id: gooddataId.describe('the API token id chosen at creation') });
const json = (schema: z.ZodType, description: string): ResponseSpec => ({
  description,
  schema,
  contentType: GOODDATA_MEDIA_TYPE,
});

const routesAt = (base: string, deprecated: boolean): RouteSpec[] => [
  {
    method: 'post',
    path: `${base}/users/{userId}/apiTokens`,
    tag: 'GoodData.CN API tokens',
    summary: 'Create an API token; data.attributes.bearerToken is returned only here',
    description: 'Authenticated by another token, the bootstrap token, or a signed-in console session.',
    auth: 'any',
    deprecated,
    params: userPath,
    body: { schema: apiTokenInDocument, contentTypes: [GOODDATA_MEDIA_TYPE, 'application/json'] },
    responses: { 201: json(apiTokenOutDocument, 'Created'), ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'get',
    path: `${base}/users/{userId}/apiTokens`,
    tag: 'GoodData.CN API tokens',
    summary: 'List a user’s API tokens (never the bearer token)',
    auth: 'any',
    deprecated,
    params: userPath,
    responses: { 200: json(apiTokenOutList, 'The tokens'), ...errors(401, 404) },
  },
  {
    method: 'get',
    path: `${base}/users/{userId}/apiTokens/{id}`,
    tag: 'GoodData.CN API tokens',
    summary: 'Read one API token (never the bearer token)',
    auth: 'any',
    deprecated,
    params: tokenPath,
    responses: { 200: json(apiTokenOutDocument, 'The token'), ...errors(401, 404) },
  },
  {
    method: 'delete',
    path: `${base}/users/{userId}/apiTokens/{id}`,
    tag: 'GoodData.CN API tokens',
    summary: 'Delete an API token; it stops working at once',
    auth: 'any',
    deprecated,
    params: tokenPath,
    responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
  },
];

/** Today's paths, and the GoodData.CN 1.x paths its documented browser snippet still calls. */
export const gooddataRoutes: RouteSpec[] = [...routesAt('/api/v1/entities', false), ...routesAt('/api/entities', true)];
