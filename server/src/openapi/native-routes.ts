import { z } from 'zod';
import { activityQuery } from '../audit/schema.js';
import { createAuthTokenSchema, tokenIdParam, updateAuthTokenSchema } from '../auth-tokens/schema.js';
import { createUserSchema, listUsersQuery, updateUserSchema, userIdParam } from '../users/schema.js';
import type { ResponseSpec, RouteSpec } from './registry.js';

// Response schemas are strict: a field a presenter starts leaking fails the recorded-response test.
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('stable machine-readable code'),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  retryAfter: z.number().int().optional(),
});

const when = z.iso.datetime({ offset: true });
const role = z.enum(['user', 'admin']);

export const userOut = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role,
  disabled: z.boolean(),
  apiTokensEnabled: z.boolean(),
  createdAt: when,
  updatedAt: when,
});

export const authTokenOut = z.strictObject({
  id: z.string(),
  userId: z.string(),
  name: z.string().nullable().describe('client-chosen name (the GoodData id), unique per user'),
  description: z.string(),
  hint: z.string().describe('prefix and last four characters, e.g. tsr_…a1b2'),
  createdAt: when,
  createdBy: z.string().nullable(),
  expiresAt: when.nullable(),
  lastUsedAt: when
    .nullable()
    .describe('last use, to the minute: a use from the same address within 60 s of the one recorded is not news'),
  lastUsedIp: z.string().nullable().describe('address of the last use; a use from a new address is always recorded'),
  regeneratedAt: when.nullable(),
  status: z.enum(['active', 'expired']),
});

export const newAuthTokenOut = authTokenOut.extend({
  token: z.string().describe('the secret; sent only in this response'),
});

const sessionOut = z.strictObject({ user: userOut, idleExpiresAt: when, absoluteExpiresAt: when });

const activityEvent = z.strictObject({
  id: z.string(),
  at: when,
  action: z.string(),
  outcome: z.enum(['success', 'failure']),
  actor: z.strictObject({ id: z.string().nullable(), username: z.string().nullable() }),
  target: z.strictObject({ id: z.string(), username: z.string().nullable() }).nullable(),
  tokenId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
const activityPage = z.strictObject({ items: z.array(activityEvent), nextCursor: z.string().nullable() });

/** Problem responses every authenticated route may give. */
export const problems = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: PROBLEM_TEXT[s] ?? 'Error', schema: problem, contentType: 'application/problem+json' },
    ]),
  );
const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request',
  401: 'No valid credential',
  403: 'Forbidden (not an administrator, or a cross-site request)',
  404: 'Not found (also for another user’s resources)',
  409: 'Conflict',
  422: 'Not allowed by policy',
  429: 'Too many attempts',
  503: 'Not ready',
};

const userPath = z.object({ userId: userIdParam.describe('a user id, or `me`') });
const tokenPath = userPath.extend({ tokenId: tokenIdParam });

export const nativeRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/health',
    tag: 'Service',
    summary: 'Liveness',
    auth: 'none',
    responses: { 200: { description: 'Up', schema: z.strictObject({ status: z.literal('ok') }) } },
  },
  {
    method: 'get',
    path: '/api/features',
    tag: 'Service',
    summary: 'Which optional features this deployment has',
    auth: 'none',
    responses: {
      200: {
        description: 'Enabled features',
        schema: z.strictObject({
          features: z.array(z.enum(['oauth2-client-credentials', 'gooddata-api-tokens', 'keystone'])),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/ready',
    tag: 'Service',
    summary: 'Readiness (database and other dependencies reachable)',
    auth: 'none',
    responses: {
      200: { description: 'Ready', schema: z.strictObject({ status: z.literal('ready') }) },
      ...problems(503),
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Service',
    summary: 'This OpenAPI document',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string() }) } },
  },
  {
    method: 'post',
    path: '/api/session',
    tag: 'Session',
    summary: 'Sign in (sets the session cookie)',
    auth: 'none',
    body: {
      schema: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
    },
    responses: { 200: { description: 'Signed in', schema: sessionOut }, ...problems(400, 401, 403, 429) },
  },
  {
    method: 'get',
    path: '/api/session',
    tag: 'Session',
    summary: 'The current browser session',
    auth: 'any',
    responses: { 200: { description: 'Signed in', schema: sessionOut }, ...problems(401) },
  },
  {
    method: 'delete',
    path: '/api/session',
    tag: 'Session',
    summary: 'Sign out',
    auth: 'optional',
    responses: { 204: { description: 'Signed out' }, ...problems(403) },
  },
  {
    method: 'get',
    path: '/api/whoami',
    tag: 'Session',
    summary: 'Who the credential belongs to and how it authenticated',
    auth: 'any',
    responses: {
      200: {
        description: 'The caller',
        schema: z.strictObject({
          id: z.string(),
          username: z.string(),
          displayName: z.string(),
          role,
          authenticatedBy: z.enum(['session', 'auth-token', 'bootstrap-token', 'oauth2', 'keystone']),
          via: z.enum(['cookie', 'bearer', 'x-auth-token', 'basic']),
          tokenId: z.string().optional(),
        }),
      },
      ...problems(401),
    },
  },
  {
    method: 'get',
    path: '/api/users',
    tag: 'Users',
    summary: 'List users (administrators)',
    auth: 'any',
    query: listUsersQuery,
    responses: {
      200: {
        description: 'A page of users',
        schema: z.strictObject({ users: z.array(userOut), nextCursor: z.string().nullable() }),
      },
      ...problems(400, 401, 403),
    },
  },
  {
    method: 'post',
    path: '/api/users',
    tag: 'Users',
    summary: 'Create a user (administrators)',
    auth: 'any',
    body: { schema: createUserSchema },
    responses: { 201: { description: 'Created', schema: userOut }, ...problems(400, 401, 403, 409) },
  },
  {
    method: 'get',
    path: '/api/users/{userId}',
    tag: 'Users',
    summary: 'Read a user (administrators, or anyone for `me`)',
    auth: 'any',
    params: userPath,
    responses: { 200: { description: 'The user', schema: userOut }, ...problems(401, 403, 404) },
  },
  {
    method: 'patch',
    path: '/api/users/{userId}',
    tag: 'Users',
    summary: 'Update a user: name, role, disabled, password, API tokens on/off (administrators)',
    auth: 'any',
    params: userPath,
    body: { schema: updateUserSchema },
    responses: { 200: { description: 'The user', schema: userOut }, ...problems(400, 401, 403, 404) },
  },
  {
    method: 'post',
    path: '/api/users/{userId}/unlock',
    tag: 'Users',
    summary: 'Lift a temporary sign-in lockout (administrators)',
    auth: 'any',
    params: userPath,
    responses: { 204: { description: 'Unlocked' }, ...problems(401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/users/{userId}/auth-tokens',
    tag: 'Auth tokens',
    summary: 'List a user’s auth tokens with the token policy',
    auth: 'any',
    params: userPath,
    responses: {
      200: {
        description: 'Tokens, owner and policy',
        schema: z.strictObject({
          items: z.array(authTokenOut),
          user: z.strictObject({
            id: z.string(),
            username: z.string(),
            displayName: z.string(),
            apiTokensEnabled: z.boolean(),
          }),
          policy: z.strictObject({
            maxTokensPerUser: z.number().int(),
            defaultLifetimeDays: z.number().int(),
            maxLifetimeDays: z.number().int().nullable(),
            used: z.number().int(),
          }),
        }),
      },
      ...problems(401, 404),
    },
  },
  {
    method: 'post',
    path: '/api/users/{userId}/auth-tokens',
    tag: 'Auth tokens',
    summary: 'Generate a token (the only response with the secret)',
    auth: 'any',
    params: userPath,
    body: { schema: createAuthTokenSchema },
    responses: { 201: { description: 'Created', schema: newAuthTokenOut }, ...problems(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'get',
    path: '/api/users/{userId}/auth-tokens/{tokenId}',
    tag: 'Auth tokens',
    summary: 'Read one token',
    auth: 'any',
    params: tokenPath,
    responses: { 200: { description: 'The token', schema: authTokenOut }, ...problems(401, 404) },
  },
  {
    method: 'patch',
    path: '/api/users/{userId}/auth-tokens/{tokenId}',
    tag: 'Auth tokens',
    summary: 'Change a token’s description',
    auth: 'any',
    params: tokenPath,
    body: { schema: updateAuthTokenSchema },
    responses: { 200: { description: 'The token', schema: authTokenOut }, ...problems(400, 401, 403, 404) },
  },
  {
    method: 'post',
    path: '/api/users/{userId}/auth-tokens/{tokenId}/regenerate',
    tag: 'Auth tokens',
    summary: 'New secret, same settings; the old secret stops working at once',
    auth: 'any',
    params: tokenPath,
    responses: { 200: { description: 'Regenerated', schema: newAuthTokenOut }, ...problems(401, 403, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/users/{userId}/auth-tokens/{tokenId}',
    tag: 'Auth tokens',
    summary: 'Delete (revoke) a token',
    auth: 'any',
    params: tokenPath,
    responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/users/{userId}/activity',
    tag: 'Activity',
    summary: 'Audit events about a user (the owner or an administrator); `format` exports CSV or JSON',
    auth: 'any',
    params: userPath,
    query: activityQuery,
    responses: { 200: { description: 'A page of events', schema: activityPage }, ...problems(400, 401, 404) },
  },
  {
    method: 'get',
    path: '/api/activity',
    tag: 'Activity',
    summary: 'Audit events of the organisation (administrators); `format` exports CSV or JSON',
    auth: 'any',
    query: activityQuery,
    responses: { 200: { description: 'A page of events', schema: activityPage }, ...problems(400, 401, 403) },
  },
];
