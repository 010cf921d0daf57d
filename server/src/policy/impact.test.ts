import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import type { NewAuthToken } from '../store/store.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DAY_MS = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
const NONE = {
  tokensBeyondMaxLifetime: 0,
  tokensNeverExpiring: 0,
  tokensUnused: 0,
  tokensOutsideAllowedScopes: 0,
  usersOverTokenLimit: 0,
  oauth2Clients: 0,
};

describe.each(backends)('policy impact preview (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  const impact = (body: Record<string, unknown>) => admin.post('/api/policy/impact').set(SAME_ORIGIN).send(body);

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: 'http://tessera.test' });
    admin = await t.signIn();
    const alice = await t.createUser('alice');
    const bob = await t.createUser('bob');
    const adminId = (await admin.get('/api/users/me')).body.id as string;
    const token = (
      userId: string,
      name: string,
      o: { created: number; expires: number | null; scopes: string[] | null },
    ): NewAuthToken => ({
      id: newId(),
      userId,
      name,
      description: name,
      hint: name.slice(0, 4),
      digest: `digest-${name}-${newId()}`,
      createdAt: at(o.created),
      createdBy: null,
      expiresAt: o.expires === null ? null : at(o.expires),
      scopes: o.scopes,
    });
    const rows = [
      // Never expires, full access, made 200 days ago and never used.
      token(alice, 'a1', { created: -200, expires: null, scopes: null }),
      token(alice, 'a2', { created: -10, expires: 400, scopes: ['profile:read'] }),
      token(alice, 'a3', { created: -100, expires: 20, scopes: ['tokens:write'] }),
      // Expired: counted toward alice's limit only.
      token(alice, 'a4', { created: -300, expires: -1, scopes: null }),
      token(bob, 'b1', { created: -5, expires: null, scopes: ['profile:read', 'tokens:read'] }),
      // An administrator's full access holds the administrators' scopes.
      token(adminId, 'ad1', { created: -1, expires: 50, scopes: null }),
    ];
    await t.store.authTokens.bulkInsert(rows);
    const [, a2, a3, , , ad1] = rows;
    await t.store.authTokens.recordLastUses([
      { tokenId: a2!.id, at: at(-1), ip: null },
      { tokenId: a3!.id, at: at(-95), ip: null },
      { tokenId: ad1!.id, at: at(0), ip: null },
    ]);
    const bobAgent = await t.signIn('bob', 'bob-password-123');
    const client = await bobAgent
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'job', scopes: [{ audience: 'https://api.example.com', scope: 'reports.read' }] });
    expect(client.status).toBe(201);
  });
  afterAll(() => t.close());

  it('counts nothing for the policy in force, which every token meets', async () => {
    const res = await impact({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokens: 5, ...NONE });
    expect(res.body.policy).toEqual((await admin.get('/api/policy')).body);
  });

  it('counts the live tokens each proposed rule would affect, and changes nothing', async () => {
    const proposed = {
      maxLifetimeDays: 30,
      defaultLifetimeDays: 30,
      requireExpiry: true,
      revokeUnusedAfterDays: 90,
      maxTokensPerUser: 3,
      defaultScopes: ['profile:read'],
      allowedScopes: ['profile:read', 'tokens:read', 'tokens:write', 'activity:read'],
    };
    const res = await impact(proposed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokens: 5,
      tokensBeyondMaxLifetime: 2, // a2 (+400 days), ad1 (+50)
      tokensNeverExpiring: 2, // a1, b1
      tokensUnused: 2, // a1 (never used, made 200 days ago), a3 (last used 95 days ago)
      tokensOutsideAllowedScopes: 1, // ad1: an administrator's full access
      usersOverTokenLimit: 1, // alice: 4 tokens, the expired one included
      oauth2Clients: 0,
    });
    expect(res.body.policy).toMatchObject(proposed);
    expect((await admin.get('/api/policy')).body).toMatchObject({ maxLifetimeDays: null, maxTokensPerUser: 10 });
  });

  it('counts full access and listed scopes outside a narrow list, and the OAuth clients a switch-off refuses', async () => {
    const narrow = await impact({ allowedScopes: ['profile:read'], defaultScopes: ['profile:read'] });
    // a1 and ad1 (full access), a3 (tokens:write), b1 (tokens:read); a2 holds profile:read only.
    expect(narrow.body).toMatchObject({ ...NONE, tokensOutsideAllowedScopes: 4 });
    const off = await impact({ oauth2ClientCredentials: false });
    expect(off.body).toMatchObject({ ...NONE, oauth2Clients: 1 });
    // Expiry required without a maximum: the never-expiring ones only.
    expect((await impact({ requireExpiry: true })).body).toMatchObject({ ...NONE, tokensNeverExpiring: 2 });
    // Two days: a1, a3 and b1 (made 5 days ago, never used); a2 was used yesterday.
    expect((await impact({ revokeUnusedAfterDays: 2 })).body).toMatchObject({ ...NONE, tokensUnused: 3 });
  });

  it('refuses a malformed proposal with 400', async () => {
    expect((await impact({ maxLifetimeDays: 0 })).status).toBe(400);
    expect((await impact({ allowedScopes: 'profile:read' })).status).toBe(400);
  });

  // Last: it revokes bob's tokens. A revoked token counts toward the limit until the undo window ends (an undo brings
  // it back), so the impact counts its owner as the create limit does.
  it('counts revoked tokens toward the per-user limit, as a create does', async () => {
    const bobAgent = await t.signIn('bob', 'bob-password-123');
    const made = await t.createToken(bobAgent, 'me', { description: 'b2' });
    const revoked = await admin
      .post('/api/auth-tokens/revocations')
      .set(SAME_ORIGIN)
      .send({ filter: { owner: 'bob' }, reason: 'leaver' });
    expect(revoked.body.count).toBe(2);
    // alice (4 tokens) and bob (2, both revoked); the administrator holds 1.
    expect((await impact({ maxTokensPerUser: 1 })).body).toMatchObject({ tokens: 4, usersOverTokenLimit: 2 });
    expect((await admin.patch('/api/policy').set(SAME_ORIGIN).send({ maxTokensPerUser: 2 })).status).toBe(200);
    const refused = await bobAgent.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'b3' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('token_limit_reached');
    expect((await impact({ maxTokensPerUser: 1 })).body.usersOverTokenLimit).toBe(2);
    expect(made.id).toBeTruthy();
  });
});
