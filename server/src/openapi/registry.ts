import { z } from 'zod';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
/** Which credentials a route takes; each maps to OpenAPI security requirements. */
export type Auth = 'none' | 'any' | 'token-only' | 'optional';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Record<string, { description: string; schema?: z.ZodType }>;
}

/** One documented operation. Adding a route to the API is adding one of these next to it. */
export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI path with `{param}` placeholders, as clients call it (e.g. `/api/users/{userId}`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: { schema: z.ZodType; contentTypes?: string[]; required?: boolean };
  responses: Record<number, ResponseSpec>;
  deprecated?: boolean;
}

export class RouteRegistry {
  private readonly specs: RouteSpec[] = [];

  add(...specs: RouteSpec[]): this {
    for (const s of specs) {
      if (this.find(s.method, s.path)) throw new Error(`${s.method.toUpperCase()} ${s.path} is registered twice`);
      this.specs.push(s);
    }
    return this;
  }

  all(): readonly RouteSpec[] {
    return this.specs;
  }

  find(method: string, path: string): RouteSpec | undefined {
    return this.specs.find((s) => s.method === method.toLowerCase() && s.path === path);
  }

  /** The route a concrete request path belongs to, e.g. `/api/users/abc` → `/api/users/{userId}`. */
  match(method: string, concretePath: string): RouteSpec | undefined {
    const m = method.toLowerCase();
    const candidates = this.specs.filter((s) => s.method === m && templateRegExp(s.path).test(concretePath));
    // The most literal template wins: `/api/users/me/…` style literals before `{param}` ones.
    return candidates.sort((a, b) => literalLength(b.path) - literalLength(a.path))[0];
  }
}

const templateRegExp = (path: string) =>
  new RegExp('^' + path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '/?$');
const literalLength = (path: string) => path.replace(/\{[^}]+\}/g, '').length;
