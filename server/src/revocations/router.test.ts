import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 19, point 2: bulk revocation with undo. Real tokens made through the API, revoked by filter or by id,
// refused at once, brought back by an undo with the same secrets, deleted once the window has ended.
const MINUTE = 60_000;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Made {
  id: string;
  token: string;
}

describe.each(backends)('bulk revocation (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: string;
  let bob: string;
  let bobAgent: TestAgent;
  const aliceTokens: Made[] = [];
  let bobToken: Made;

  const revoke = (body: object, dryRun = false) =>
    admin
      .post(`/api/auth-tokens/revocations${dryRun ? '?dryRun=true' : ''}`)
      .set(SAME_ORIGIN)
      .send(body);
  const works = async (m: Made) => (await t.http.get('/api/whoami').set(bearer(m.token))).status;
  const revocationCount = async () => (await admin.get('/api/auth-tokens/revocations?limit=200')).body.items.length;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    bobAgent = await t.signIn('bob', 'bob-password-123');
    for (const d of ['alice ci', 'alice laptop'])
      aliceTokens.push(await t.createToken(admin, alice, { description: d }));
    bobToken = await t.createToken(bobAgent, 'me', { description: 'bob ci' });
  });
  afterAll(async () => t.close());

  it('previews a filter with a count and a sample, changing nothing', async () => {
    const res = await revoke({ filter: { owner: 'alice' }, reason: 'offboarding' }, true);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect((res.body.sample as { description: string }[]).map((s) => s.description).sort()).toEqual([
      'alice ci',
      'alice laptop',
    ]);
    expect(await works(aliceTokens[0]!)).toBe(200);
    expect(await revocationCount()).toBe(0);
    const byIds = await revoke({ ids: [aliceTokens[0]!.id, bobToken.id, 'no-such-token'], reason: 'x' }, true);
    expect(byIds.body.count).toBe(2);
    expect(byIds.body.sample).toHaveLength(2);
  });

  it('revokes by filter: refused at once, shown as revoked with the reason, undone with the same secrets', async () => {
    const res = await revoke({ filter: { owner: 'alice' }, reason: 'offboarding' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), count: 2, undoUntil: expect.any(String) });
    const id = res.body.id as string;
    expect(Date.parse(res.body.undoUntil as string) - Date.now()).toBeGreaterThan(9 * MINUTE);
    for (const m of aliceTokens) expect(await works(m)).toBe(401);
    expect(await works(bobToken)).toBe(200);
    // Not live at introspection either (RFC 7662), until an undo.
    const adminToken = await t.createToken(admin, 'me', { description: 'introspector' });
    const introspect = (m: Made) =>
      t.http.post('/oauth2/v1/introspect').set(bearer(adminToken.token)).type('form').send({ token: m.token });
    expect((await introspect(aliceTokens[0]!)).body).toEqual({ active: false });
    expect((await introspect(bobToken)).body).toMatchObject({ active: true, username: 'bob' });

    const list = await admin.get(`/api/users/${alice}/auth-tokens`);
    expect(list.body.items[0]).toMatchObject({
      status: 'revoked',
      revocation: { id, kind: 'administrator', reason: 'offboarding', revokedBy: { username: 'admin' } },
    });
    expect((await admin.get('/api/auth-tokens?status=revoked')).body.total).toBe(2);
    expect((await admin.get('/api/auth-tokens?status=active&owner=alice')).body.total).toBe(0);
    const tokenPath = `/api/users/${alice}/auth-tokens/${aliceTokens[0]!.id}`;
    for (const action of ['regenerate', 'suspend', 'resume']) {
      const refused = await admin.post(`${tokenPath}/${action}`).set(SAME_ORIGIN);
      expect(refused.status, action).toBe(409);
      expect(refused.body.code).toBe('token_revoked');
    }
    expect((await admin.patch(tokenPath).set(SAME_ORIGIN).send({ description: 'x' })).body.code).toBe('token_revoked');
    // Already revoked: a second revocation counts nothing.
    expect((await revoke({ filter: { owner: 'alice' }, reason: 'again' })).body.count).toBe(0);

    const activity = await admin.get(`/api/users/${alice}/activity`);
    const rows = activity.body.items as { action: string; outcome: string; details: Record<string, unknown> }[];
    expect(rows.filter((r) => r.action === 'auth_token.revoke')).toHaveLength(2);
    expect(rows.find((r) => r.action === 'auth_token.revoke')!.details).toMatchObject({
      reason: 'offboarding',
      revocationId: id,
      kind: 'administrator',
    });
    expect(rows.some((r) => r.action === 'auth_token.use' && r.details?.reason === 'revoked')).toBe(true);
    const events = await t.store.events.pending(500);
    expect(events.filter((e) => e.type === 'auth_token.revoked' && e.userId === alice)).toHaveLength(2);

    expect((await admin.get(`/api/auth-tokens/revocations/${id}`)).body).toMatchObject({
      id,
      count: 2,
      status: 'pending',
      filter: { owner: 'alice' },
      createdBy: { username: 'admin' },
    });
    const undo = await admin.post(`/api/auth-tokens/revocations/${id}/undo`).set(SAME_ORIGIN);
    expect(undo.status).toBe(200);
    expect(undo.body).toEqual({ id, count: 2, status: 'undone' });
    for (const m of aliceTokens) expect(await works(m)).toBe(200);
    expect((await introspect(aliceTokens[0]!)).body).toMatchObject({ active: true, username: 'alice' });
    expect((await admin.get(`/api/users/${alice}/auth-tokens`)).body.items[0]).toMatchObject({
      status: 'active',
      revocation: null,
    });
    const again = await admin.post(`/api/auth-tokens/revocations/${id}/undo`).set(SAME_ORIGIN);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('revocation_undone');
  });

  it('revokes by id; after the window the tokens are deleted and undo answers 409', async () => {
    const target = aliceTokens[1]!;
    const res = await revoke({ ids: [target.id, target.id, 'no-such-token'], reason: 'leaked' });
    expect(res.status).toBe(202);
    expect(res.body.count).toBe(1);
    expect(await works(target)).toBe(401);
    expect(await works(aliceTokens[0]!)).toBe(200);
    // Inside the window the job leaves it alone.
    await t.tessera.jobs.runNow('revocations.finalise');
    expect((await admin.get(`/api/users/${alice}/auth-tokens/${target.id}`)).status).toBe(200);

    expect(await t.tessera.jobs.runNow('revocations.finalise', new Date(Date.now() + 11 * MINUTE))).toBe(true);
    expect((await admin.get(`/api/users/${alice}/auth-tokens/${target.id}`)).status).toBe(404);
    expect(await works(target)).toBe(401);
    const undo = await admin.post(`/api/auth-tokens/revocations/${res.body.id as string}/undo`).set(SAME_ORIGIN);
    expect(undo.status).toBe(409);
    expect(undo.body.code).toBe('undo_window_closed');
    expect((await admin.get(`/api/auth-tokens/revocations/${res.body.id as string}`)).body.status).toBe('final');
    aliceTokens.pop();
  });

  it('a revocation landing between an edit’s read and its write wins: 409 token_revoked, nothing changed', async () => {
    const made = await t.createToken(bobAgent, 'me', { description: 'bob racing' });
    const tokens = t.store.authTokens;
    const get = tokens.get.bind(tokens);
    const actions: [string, () => Promise<{ status: number; body: { code?: string } }>][] = [
      [
        'edit',
        () => bobAgent.patch(`/api/users/me/auth-tokens/${made.id}`).set(SAME_ORIGIN).send({ description: 'x' }),
      ],
      ['suspend', () => bobAgent.post(`/api/users/me/auth-tokens/${made.id}/suspend`).set(SAME_ORIGIN)],
      ['regenerate', () => bobAgent.post(`/api/users/me/auth-tokens/${made.id}/regenerate`).set(SAME_ORIGIN)],
    ];
    for (const [action, request] of actions) {
      // The service's read sees the token live; the revocation commits right after it.
      tokens.get = async (userId, tokenId) => {
        const seen = await get(userId, tokenId);
        tokens.get = get;
        expect((await revoke({ ids: [made.id], reason: 'race' })).body.count).toBe(1);
        return seen;
      };
      try {
        const res = await request();
        expect(res.status, action).toBe(409);
        expect(res.body.code, action).toBe('token_revoked');
      } finally {
        tokens.get = get;
      }
      const now = (await bobAgent.get(`/api/users/me/auth-tokens/${made.id}`)).body;
      expect(now).toMatchObject({ status: 'revoked', description: 'bob racing', suspendedAt: null });
      expect(await works(made)).toBe(401);
      const listed = await admin.get('/api/auth-tokens/revocations?limit=1');
      expect(
        (await admin.post(`/api/auth-tokens/revocations/${listed.body.items[0].id as string}/undo`).set(SAME_ORIGIN))
          .status,
      ).toBe(200);
      expect(await works(made)).toBe(200);
    }
    const activity = (await admin.get(`/api/users/${bob}/activity`)).body.items as {
      action: string;
      tokenId: string;
    }[];
    const changes = ['auth_token.update', 'auth_token.suspend', 'auth_token.regenerate'];
    expect(activity.filter((r) => r.tokenId === made.id && changes.includes(r.action))).toEqual([]);
  });

  it('lets an owner delete their own revoked token', async () => {
    const made = await t.createToken(bobAgent, 'me', { description: 'bob spare' });
    expect((await revoke({ ids: [made.id], reason: 'spare' })).body.count).toBe(1);
    expect((await bobAgent.get(`/api/users/me/auth-tokens/${made.id}`)).body.status).toBe('revoked');
    expect((await bobAgent.delete(`/api/users/me/auth-tokens/${made.id}`).set(SAME_ORIGIN)).status).toBe(204);
  });

  it('refuses bad input with 400, changing nothing', async () => {
    const before = await revocationCount();
    for (const body of [
      { reason: 'neither' },
      { filter: { owner: 'alice' }, ids: [aliceTokens[0]!.id], reason: 'both' },
      { filter: { owner: 'alice' }, reason: '' },
      { filter: { owner: 'alice' } },
      { filter: { unusedForDays: 0 }, reason: 'x' },
      { filter: { colour: 'red' }, reason: 'x' },
      { ids: [], reason: 'x' },
      { ids: Array.from({ length: 100_001 }, (_, i) => `t${i}`), reason: 'too many' },
      // The reason is one line, like every free text shown to someone else.
      { filter: { owner: 'alice' }, reason: 'offboarding\nSee https://evil.example' },
      { filter: { owner: 'alice' }, reason: 'tab\there' },
      { filter: { owner: 'alice' }, reason: 'nul\u0000' },
      { filter: { owner: 'alice' }, reason: 'c1\u0085' },
      { filter: { owner: 'alice' }, reason: 'lone \ud800 surrogate' },
    ]) {
      const res = await revoke(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const newline = await revoke({ filter: { owner: 'alice' }, reason: 'a\nb' });
    expect(newline.body.errors).toEqual([{ path: 'reason', message: 'must not contain control characters' }]);
    // Nor does a dry run accept it.
    expect((await revoke({ filter: { owner: 'alice' }, reason: 'a\nb' }, true)).status).toBe(400);
    expect(await revocationCount()).toBe(before);
    expect(await works(aliceTokens[0]!)).toBe(200);
    expect((await admin.get('/api/auth-tokens/revocations/nope')).status).toBe(404);
    expect((await admin.get('/api/auth-tokens/revocations?cursor=zzz')).status).toBe(400);
  });

  it('is for administrators with admin:write: admin:read may list, not revoke; users get 403', async () => {
    const reader = await t.createToken(admin, 'me', { description: 'reader', scopes: ['admin:read'] });
    const listed = await t.http.get('/api/auth-tokens/revocations').set(bearer(reader.token));
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    const refused = await t.http
      .post('/api/auth-tokens/revocations')
      .set(bearer(reader.token))
      .send({ filter: { owner: 'alice' }, reason: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
    const user = await bobAgent
      .post('/api/auth-tokens/revocations')
      .set(SAME_ORIGIN)
      .send({ ids: [bob], reason: 'x' });
    expect(user.status).toBe(403);
    expect(await works(aliceTokens[0]!)).toBe(200);
  });
});
