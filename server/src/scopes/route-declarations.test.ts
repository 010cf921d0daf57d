import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../http/route.js';
import { everyRoute } from '../openapi/every-route.js';
import { isScopeName } from './vocabulary.js';

// Issue 18: every route states the scope it needs, next to the route. Walks every route the server can serve (no
// feature disabled), as the OpenAPI document is built, so a new route without a scope fails here.
describe('every route declares its scope', () => {
  let routes: readonly AnyRoute[];
  beforeAll(async () => {
    routes = (await everyRoute()).all();
  });
  const name = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`;

  it('walks the whole list (every surface)', () => {
    expect(routes.length).toBeGreaterThan(60);
    for (const prefix of ['/api/users/', '/api/v1/entities/', '/api/entities/', '/v3/', '/oauth2/'])
      expect(
        routes.some((r) => r.path.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });

  it('a route a credential calls (auth any or token-only) declares a scope', () => {
    const missing = routes.filter((r) => (r.auth === 'any' || r.auth === 'token-only') && !r.scope).map(name);
    expect(missing).toEqual([]);
  });

  it('a route no credential calls declares none (it would never be checked)', () => {
    const stray = routes.filter((r) => r.auth !== 'any' && r.auth !== 'token-only' && r.scope).map(name);
    expect(stray).toEqual([]);
  });

  it('names only scopes of the vocabulary, and own/others only where the path names a user', () => {
    const bad: string[] = [];
    const known = (n: string) => n === 'full-access' || isScopeName(n);
    for (const r of routes) {
      const need = r.scope;
      if (!need) continue;
      if (typeof need === 'string') {
        if (!known(need)) bad.push(`${name(r)}: ${need}`);
        continue;
      }
      if (!known(need.own) || !isScopeName(need.others)) bad.push(`${name(r)}: ${JSON.stringify(need)}`);
      // Without {userId} every call would count as one's own.
      if (!r.path.includes('{userId}')) bad.push(`${name(r)}: own/others without {userId}`);
    }
    expect(bad).toEqual([]);
  });
});
