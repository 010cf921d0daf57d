import type { AccessRule } from '../store/store.js';

/** The service type Tessera answers as, in Keystone's catalog terms: an access rule for another service matches nothing. */
export const IDENTITY_SERVICE = 'identity';
export const ACCESS_RULE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const cache = new Map<string, RegExp>();
const CACHE_MAX = 256;

/**
 * A rule's path as a pattern, as keystonemiddleware reads it: `*` is one path segment, `**` any number of them
 * (none included); everything else is literal.
 */
function pattern(path: string): RegExp {
  let re = cache.get(path);
  if (re) return re;
  const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  // `/**` is any number of segments, none included; the first part is what precedes the leading `/`.
  const [head = '', ...rest] = path.split('/');
  const body = literal(head) + rest.map((seg) => (seg === '**' ? '(?:/[^/]*)*' : `/${literal(seg)}`)).join('');
  re = new RegExp(`^${body}/?$`);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(path, re);
  return re;
}

/**
 * Whether a request is one the rules allow: no rules at all is no limit (Keystone's credential without access rules);
 * otherwise one rule for the identity service must match the method (HEAD also by a GET rule) and the path.
 */
export function allowedByAccessRules(rules: readonly AccessRule[], method: string, path: string): boolean {
  if (rules.length === 0) return true;
  const m = method.toUpperCase();
  return rules.some(
    (r) =>
      r.service === IDENTITY_SERVICE &&
      (r.method === m || (m === 'HEAD' && r.method === 'GET')) &&
      pattern(r.path).test(path),
  );
}
