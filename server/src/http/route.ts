import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { requireAuth } from './credentials.js';
import { InsufficientScope, ReauthenticationRequired } from '../errors.js';
import { ALL_SCOPES, scopeBit, type ScopeName } from '../scopes/vocabulary.js';
import type { Principal } from './principal.js';
import { parse } from './validate.js';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
/** Which credentials a route takes: OpenAPI security requirements, and requireAuth for any and token-only. */
export type Auth = 'none' | 'any' | 'token-only' | 'session' | 'optional';

/**
 * The scope a token needs for a route (scopes/vocabulary.ts; docs/api.md "Scopes"):
 * - one scope;
 * - `{ own, others }`: `own` when the path's `{userId}` is the caller (`me`, their id or username) or the caller is no
 *   administrator (a service account's owner), `others` when an administrator names someone else (admin:read or
 *   admin:write, not also the own scope);
 *   `own` may be 'full-access' (changing one's own account);
 * - `'full-access'`: account security (own password, second factors, sessions): only a full-access credential.
 * A session holds every scope. The OpenAPI document lists it in the operation's `security`.
 */
export type ScopeRequirement = ScopeName | { own: ScopeName | 'full-access'; others: ScopeName } | 'full-access';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Record<string, { description: string; schema?: z.ZodType }>;
}

export interface BodySpec<B extends z.ZodType = z.ZodType> {
  schema: B;
  contentTypes?: string[];
  required?: boolean;
  /** Documented but read by the handler itself (OAuth 2.0 forms answer bad input in RFC 6749's format). */
  documentedOnly?: boolean;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives, already validated by the route's request schemas. */
export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

/** One operation, declared once: Express mounts it and the OpenAPI document describes it from the same object. */
export interface Route<
  P extends z.ZodObject | undefined = z.ZodObject | undefined,
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** OpenAPI path with `{param}` placeholders, as clients call it (e.g. `/api/users/{userId}`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  deprecated?: boolean;
  auth: Auth;
  /** What a credential must hold (required on every `any` and `token-only` route; a test walks them all). */
  scope?: ScopeRequirement;
  request?: {
    params?: P;
    query?: Q;
    /** Documented; handlers read headers themselves (names are case-insensitive on the wire). */
    headers?: z.ZodObject;
    body?: BodySpec<Exclude<B, undefined>>;
  };
  responses: Record<number, ResponseSpec>;
  /**
   * A sensitive action (ASVS 7.5.3): from a session whose last authentication is too old it answers 401
   * reauthentication_required, after validation (bad input is still a 400). A function decides from the input
   * (e.g. only a PATCH that changes a password or a role). Token-authenticated requests are never affected.
   */
  stepUp?: true | ((input: RouteInput<P, Q, B>) => boolean);
  /** Express middleware that runs before validation: throttles, form parsers, a surface's own authenticator. */
  before?: RequestHandler[];
  handler: (input: RouteInput<P, Q, B>, req: Request, res: Response) => unknown;
}

// A route as stored in a list: the handler's input type is erased, the declaration keeps it.
export type AnyRoute = Route<z.ZodObject | undefined, z.ZodObject | undefined, z.ZodType | undefined>;

/** Declares a route; the identity function that lets TypeScript infer the handler's input from the schemas. */
export function route<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(r: Route<P, Q, B>): AnyRoute {
  return r as unknown as AnyRoute;
}

const NO_INPUT = Object.freeze({ params: undefined, query: undefined, body: undefined });
// A session route answers its own form-based challenge instead of requireAuth's.
const NEEDS_PRINCIPAL = new Set<Auth>(['any', 'token-only']);
/** `/api/users/{userId}` → `/api/users/:userId`. */
export const expressPath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1') || '/';

/** Whether `{userId}` names the caller: `me`, their id, or (GoodData paths) their username. */
function isOwn(p: Principal, userId: unknown): boolean {
  return userId === undefined || userId === 'me' || userId === p.user.id || userId === p.user.username;
}

/**
 * The route's scope test: undefined when the principal may go on, else the refusal (made once per route and need
 * when the route is mounted). A session and a full-access credential pass every test with one comparison.
 */
export function scopeCheck(r: AnyRoute): ((req: Request, p: Principal) => InsufficientScope | undefined) | undefined {
  const need = r.scope;
  if (!need || !NEEDS_PRINCIPAL.has(r.auth)) return undefined;
  if (need === 'full-access') {
    const refusal = new InsufficientScope('full-access');
    return (_req, p) => (p.fullAccess ? undefined : refusal);
  }
  if (typeof need === 'string') {
    const bit = scopeBit(need);
    const refusal = new InsufficientScope(need);
    return (_req, p) => ((p.scopes & bit) === bit ? undefined : refusal);
  }
  const ownFull = need.own === 'full-access';
  const own = need.own === 'full-access' ? ALL_SCOPES : scopeBit(need.own);
  const others = scopeBit(need.others);
  const ownRefusal = new InsufficientScope(need.own);
  const othersRefusal = new InsufficientScope(need.others);
  return (req, p) => {
    // A non-administrator gets past a handler on someone else's `{userId}` only as a service account's owner, acting
    // on credentials that are theirs to run (users/policy.ts): the own scope applies; every other path answers 404/403.
    if (p.user.role !== 'admin' || isOwn(p, req.params.userId))
      return (ownFull ? p.fullAccess : (p.scopes & own) === own) ? undefined : ownRefusal;
    return (p.scopes & others) === others ? undefined : othersRefusal;
  };
}

/** requireAuth, then the scope, then input validated in the order handlers read it (path, query, body): 401, 403, 400. */
function run(r: AnyRoute): RequestHandler {
  const { params, query, body } = r.request ?? {};
  const validateBody = body && !body.documentedOnly ? body.schema : undefined;
  // An optional body (`required: false`) may be absent altogether: the handler then gets none, not a 400.
  const bodyMayBeAbsent = body?.required === false;
  const needsPrincipal = NEEDS_PRINCIPAL.has(r.auth);
  const stepUp = r.stepUp;
  const scoped = scopeCheck(r);
  // No object or promise made for a route without input (GET /api/whoami is the benchmarked call).
  if (!params && !query && !validateBody && !stepUp)
    return needsPrincipal
      ? (req, res, next) => {
          const p = req.principal;
          if (!p) return requireAuth(req, res, next);
          const refused = scoped?.(req, p);
          return refused ? next(refused) : r.handler(NO_INPUT as never, req, res);
        }
      : (req, res) => r.handler(NO_INPUT as never, req, res);
  return (req, res, next) => {
    const p = req.principal;
    if (needsPrincipal) {
      if (!p) return requireAuth(req, res, next);
      const refused = scoped?.(req, p);
      if (refused) throw refused;
    }
    const input = {
      params: params ? parse(params, req.params, 'params') : undefined,
      query: query ? parse(query, req.query, 'query') : undefined,
      body: validateBody && !(bodyMayBeAbsent && req.body === undefined) ? parse(validateBody, req.body) : undefined,
    };
    if (stepUp && p?.reauthenticationDue && (stepUp === true || stepUp(input as never)))
      throw new ReauthenticationRequired();
    return r.handler(input as never, req, res);
  };
}

/** Mounts routes on a router; `prefix` is the part of their paths where the router itself is mounted. */
export function mountRoutes<T extends Router>(router: T, routes: readonly AnyRoute[], prefix = ''): T {
  for (const r of routes) {
    if (!r.path.startsWith(prefix)) throw new Error(`${r.path} is not under ${prefix}`);
    router[r.method](expressPath(r.path.slice(prefix.length)), ...(r.before ?? []), run(r));
  }
  return router;
}

/** A router for one surface mounted at `prefix` (an OpenAPI path template, params included). */
export function surfaceRouter(routes: readonly AnyRoute[], prefix: string): Router {
  return mountRoutes(Router({ mergeParams: true }), routes, prefix);
}
