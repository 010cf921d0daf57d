import type { AnyRoute } from '../http/route.js';

/** Every route the app serves, in mounting order; the OpenAPI document is built from this list. */
export class RouteRegistry {
  private readonly routes: AnyRoute[] = [];

  add(...routes: readonly AnyRoute[]): this {
    for (const r of routes) {
      if (this.find(r.method, r.path)) throw new Error(`${r.method.toUpperCase()} ${r.path} is registered twice`);
      this.routes.push(r);
    }
    return this;
  }

  all(): readonly AnyRoute[] {
    return this.routes;
  }

  find(method: string, path: string): AnyRoute | undefined {
    return this.routes.find((r) => r.method === method.toLowerCase() && r.path === path);
  }

  /** The route a concrete request path belongs to, e.g. `/api/users/abc` → `/api/users/{userId}`. */
  match(method: string, concretePath: string): AnyRoute | undefined {
    const m = method.toLowerCase();
    const candidates = this.routes.filter((r) => r.method === m && templateRegExp(r.path).test(concretePath));
    // The most literal template wins: `/api/users/me/…` style literals before `{param}` ones.
    return candidates.sort((a, b) => literalLength(b.path) - literalLength(a.path))[0];
  }
}

const templateRegExp = (path: string) =>
  new RegExp('^' + path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '/?$');
const literalLength = (path: string) => path.replace(/\{[^}]+\}/g, '').length;
