import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYSTONE_TOKEN_PREFIX, digestToken, generateToken } from '../lib/token-format.js';
import { ADMIN_PASSWORD, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DOMAIN = 'domain A';
const PASSWORD = 'scope-user-password-123';

const passwordIdentity = (name: string, password = PASSWORD) => ({
  methods: ['password'],
  password: { user: { name, password, domain: { name: DOMAIN } } },
});

describe.each(backends)('Keystone project scope (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let userId: string;
  const ids: Record<string, string> = {};

  const issue = (auth: unknown) => t.http.post('/v3/auth/tokens').send({ auth });
  const tokenOf = async (auth: unknown) => {
    const res = await issue(auth);
    expect(res.status).toBe(201);
    return { token: res.headers['x-subject-token'] as string, body: res.body.token };
  };
  const asAdmin = <T extends { set(h: string, v: string): T }>(r: T) => r.set('X-Auth-Token', admin);
  const whoami = (token: string) => t.http.get('/api/whoami').set('X-Auth-Token', token);

  beforeAll(async () => {
    t = await startTestApp(kind, {
      TESSERA_DOMAIN_NAME: DOMAIN,
      TESSERA_KEYSTONE_TOKEN_TTL: '3600',
      TESSERA_SIGN_IN_MAX_FAILURES: '3',
    });
    userId = await t.createUser('scoped', { password: PASSWORD });
    admin = (await tokenOf({ identity: passwordIdentity('admin', ADMIN_PASSWORD) })).token;
    for (const name of ['alpha', 'beta', 'gamma']) {
      const res = await asAdmin(t.http.post('/v3/projects')).send({ project: { name, domain_id: 'default' } });
      expect(res.status).toBe(201);
      ids[name] = res.body.project.id;
    }
    for (const [project, role] of [
      ['alpha', 'member'],
      ['alpha', 'admin'],
      ['beta', 'member'],
    ] as const)
      expect((await asAdmin(t.http.put(`/v3/projects/${ids[project]}/users/${userId}/roles/${role}`))).status).toBe(
        204,
      );
  });
  afterAll(async () => t.close());

  it('scopes by id, by name with the domain’s name or id, carrying the roles held there', async () => {
    const byId = await tokenOf({ identity: passwordIdentity('scoped'), scope: { project: { id: ids.alpha } } });
    expect(byId.body.project).toEqual({ id: ids.alpha, name: 'alpha', domain: { id: 'default', name: DOMAIN } });
    expect(byId.body.roles).toEqual([
      { id: 'member', name: 'member' },
      { id: 'admin', name: 'admin' },
    ]);
    const byName = await tokenOf({
      identity: passwordIdentity('scoped'),
      scope: { project: { name: 'BETA', domain: { name: DOMAIN } } },
    });
    expect(byName.body.project.id).toBe(ids.beta);
    expect(byName.body.roles).toEqual([{ id: 'member', name: 'member' }]);
    const byDomainId = await tokenOf({
      identity: passwordIdentity('scoped'),
      scope: { project: { name: 'beta', domain: { id: 'default' } } },
    });
    expect(byDomainId.body.project.id).toBe(ids.beta);
    expect((await whoami(byName.token)).body.project).toEqual({ id: ids.beta, name: 'beta', roles: ['member'] });
  });

  it('answers not a member, unknown, or in another domain with the same 401, and audits why', async () => {
    const refused = await Promise.all([
      issue({ identity: passwordIdentity('scoped'), scope: { project: { id: ids.gamma } } }),
      issue({ identity: passwordIdentity('scoped'), scope: { project: { id: '0'.repeat(32) } } }),
      issue({ identity: passwordIdentity('scoped'), scope: { project: { name: 'alpha', domain: { name: 'other' } } } }),
    ]);
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual(refused[0]!.body);
      expect(r.headers['x-subject-token']).toBeUndefined();
    }
    expect(refused[0]!.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    const { events } = await t.store.audit.list({ action: 'keystone.token.issue', limit: 20 });
    const reasons = events.filter((e) => e.outcome === 'failure').map((e) => e.details?.reason);
    expect(reasons).toEqual(expect.arrayContaining(['no_role', 'unknown_project']));
    // A right password refused a scope is no guess: the sign-in throttle was not fed.
    await tokenOf({ identity: passwordIdentity('scoped') });
  });

  it('re-scopes with the token method to another project the user holds a role in, never outliving the first', async () => {
    const first = await tokenOf({ identity: passwordIdentity('scoped'), scope: { project: { id: ids.alpha } } });
    const again = await tokenOf({
      identity: { methods: ['token'], token: { id: first.token } },
      scope: { project: { id: ids.beta } },
    });
    expect(again.body.project.id).toBe(ids.beta);
    expect(again.body.roles).toEqual([{ id: 'member', name: 'member' }]);
    expect(again.body.methods).toEqual(['token', 'password']);
    expect(Date.parse(again.body.expires_at)).toBeLessThanOrEqual(Date.parse(first.body.expires_at));
    const outside = await issue({
      identity: { methods: ['token'], token: { id: first.token } },
      scope: { project: { id: ids.gamma } },
    });
    expect(outside.status).toBe(401);
    // Unscoped from a scoped token, as Keystone allows.
    const unscoped = await tokenOf({ identity: { methods: ['token'], token: { id: again.token } } });
    expect(unscoped.body).not.toHaveProperty('project');
  });

  it('keeps a token issued by an application credential within its project', async () => {
    const raw = generateToken(KEYSTONE_TOKEN_PREFIX);
    const now = Date.now();
    await t.store.keystoneTokens.create({
      digest: digestToken(raw),
      userId,
      auditId: 'appcred-audit-id-000000',
      methods: ['application_credential'],
      domainScoped: false,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 600_000).toISOString(),
      projectId: ids.alpha!,
      roles: ['member'],
    });
    const identity = { methods: ['token'], token: { id: raw } };
    expect((await issue({ identity, scope: { project: { id: ids.beta } } })).status).toBe(401);
    const same = await tokenOf({ identity, scope: { project: { id: ids.alpha } } });
    expect(same.body.methods).toEqual(['token', 'application_credential']);
    // …and so does what it was re-scoped to.
    const chained = { methods: ['token'], token: { id: same.token } };
    expect((await issue({ identity: chained, scope: { project: { id: ids.beta } } })).status).toBe(401);
  });

  it('refuses a disabled project’s tokens, old and new, until it is enabled; a deleted one’s for good', async () => {
    const scoped = await tokenOf({ identity: passwordIdentity('scoped'), scope: { project: { id: ids.beta } } });
    const unscoped = await tokenOf({ identity: passwordIdentity('scoped') });
    const patch = (enabled: boolean) =>
      asAdmin(t.http.patch(`/v3/projects/${ids.beta}`)).send({ project: { enabled } });
    expect((await patch(false)).status).toBe(200);
    expect((await whoami(scoped.token)).status).toBe(401);
    expect((await whoami(unscoped.token)).status).toBe(200);
    const validate = await asAdmin(t.http.get('/v3/auth/tokens')).set('X-Subject-Token', scoped.token);
    expect(validate.status).toBe(404);
    const fresh = await issue({ identity: passwordIdentity('scoped'), scope: { project: { id: ids.beta } } });
    expect(fresh.status).toBe(401);
    expect((await t.http.get('/v3/auth/projects').set('X-Auth-Token', unscoped.token)).body.projects).toHaveLength(1);
    expect((await patch(true)).status).toBe(200);
    expect((await whoami(scoped.token)).status).toBe(200);

    expect((await asAdmin(t.http.delete(`/v3/projects/${ids.beta}`))).status).toBe(204);
    expect((await whoami(scoped.token)).status).toBe(401);
    expect((await whoami(unscoped.token)).status).toBe(200);
  });
});
