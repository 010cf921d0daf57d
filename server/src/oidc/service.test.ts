import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousContext } from '../audit/context.js';
import type { OidcConfig } from '../config.js';
import { backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { OidcSignInService, type OidcClaims } from './service.js';

const config: OidcConfig = {
  issuer: new URL('https://sso.example.com'),
  clientId: 'tessera',
  clientSecret: 'unused',
  name: 'SSO',
  usernameClaim: undefined,
  roleClaim: 'groups',
  adminValues: ['tessera-admins', 'root'],
  timeoutMs: 5000,
  attemptsPerMinute: 30,
};
const claims = (extra: Record<string, unknown>): OidcClaims => ({ iss: config.issuer.href, sub: 's', ...extra });
const rules = (extra: Partial<OidcConfig> = {}) =>
  new OidcSignInService({ ...config, ...extra }, {} as never, {} as never, {} as never);

describe('OpenID Connect sign-in rules', () => {
  it('makes an administrator when the role claim, a string or a list, holds a configured value', () => {
    expect(rules().roleOf(claims({ groups: ['staff', 'root'] }))).toBe('admin');
    expect(rules().roleOf(claims({ groups: 'tessera-admins' }))).toBe('admin');
    for (const groups of [['staff'], 'staff', [], undefined, [{ name: 'root' }], 'tessera-admins-not'])
      expect(rules().roleOf(claims({ groups })), JSON.stringify(groups)).toBe('user');
    expect(rules({ roleClaim: undefined }).roleOf(claims({ groups: ['root'] }))).toBeUndefined();
  });

  it('takes the username from preferred_username, else email, normalised as local ones; or the configured claim', () => {
    expect(rules().usernameOf(claims({ preferred_username: ' Ada.L ', email: 'ada@example.com' }))).toBe('ada.l');
    expect(rules().usernameOf(claims({ preferred_username: 'no spaces allowed', email: 'Ada@Example.com' }))).toBe(
      'ada@example.com',
    );
    expect(rules().usernameOf(claims({ name: 'Ada' }))).toBeUndefined();
    expect(rules().usernameOf(claims({ preferred_username: 'x'.repeat(65) }))).toBeUndefined();
    const upn = rules({ usernameClaim: 'upn' });
    expect(upn.usernameOf(claims({ upn: 'ada@corp', preferred_username: 'other' }))).toBe('ada@corp');
    expect(upn.usernameOf(claims({ preferred_username: 'other' }))).toBeUndefined();
  });
});

describe.each(backends)('OpenID Connect sign-in without a role claim (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('makes a user, and keeps an administrator’s promotion by hand at the next sign-in', async () => {
    const service = new OidcSignInService(
      { ...config, roleClaim: undefined },
      t.store.users,
      t.store.userIdentities,
      t.tessera.services.audit,
    );
    const ctx = anonymousContext('127.0.0.1', 'test');
    const who = claims({ sub: 'noclaim', preferred_username: 'noclaim', groups: ['root'] });
    const made = await service.userFor(ctx, who);
    expect(made.role).toBe('user');
    await t.store.users.update(made.id, { role: 'admin', updatedAt: new Date().toISOString() });
    expect((await service.userFor(ctx, who)).role).toBe('admin');
    expect((await t.store.users.get(made.id))!.role).toBe('admin');
  });
});
