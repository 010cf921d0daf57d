import { describe, expect, it } from 'vitest';
import { allowedByAccessRules } from './access-rules.js';

const rule = (method: string, path: string, service = 'identity') => ({ id: 'r', service, method, path });

describe('access rules', () => {
  it('allow everything when there are none', () => {
    expect(allowedByAccessRules([], 'DELETE', '/api/users/me')).toBe(true);
  });

  it('match the method and the path, * as one segment and ** as any number', () => {
    const rules = [rule('GET', '/v3/auth/tokens'), rule('POST', '/api/users/*/auth-tokens'), rule('GET', '/api/**')];
    expect(allowedByAccessRules(rules, 'GET', '/v3/auth/tokens')).toBe(true);
    expect(allowedByAccessRules(rules, 'HEAD', '/v3/auth/tokens')).toBe(true);
    expect(allowedByAccessRules(rules, 'DELETE', '/v3/auth/tokens')).toBe(false);
    expect(allowedByAccessRules(rules, 'POST', '/api/users/me/auth-tokens')).toBe(true);
    expect(allowedByAccessRules(rules, 'POST', '/api/users/me/x/auth-tokens')).toBe(false);
    expect(allowedByAccessRules(rules, 'GET', '/api/whoami')).toBe(true);
    expect(allowedByAccessRules(rules, 'GET', '/api')).toBe(true);
    expect(allowedByAccessRules(rules, 'GET', '/apix')).toBe(false);
    expect(allowedByAccessRules(rules, 'GET', '/v3/projects')).toBe(false);
  });

  it('take paths literally but for the stars, and ignore other services', () => {
    expect(allowedByAccessRules([rule('GET', '/v3/a.b')], 'GET', '/v3/aXb')).toBe(false);
    expect(allowedByAccessRules([rule('GET', '/v3/(x)')], 'GET', '/v3/(x)')).toBe(true);
    expect(allowedByAccessRules([rule('GET', '/**', 'compute')], 'GET', '/api/whoami')).toBe(false);
    expect(allowedByAccessRules([rule('GET', '/v3/**/roles')], 'GET', '/v3/projects/p1/users/u1/roles')).toBe(true);
    expect(allowedByAccessRules([rule('GET', '/v3/**/roles')], 'GET', '/v3/roles')).toBe(true);
  });
});
