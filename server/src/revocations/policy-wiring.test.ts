import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../store/kysely-store.js';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 19 end to end inside one app: the inactivity limit an administrator saves in the policy is the one the
// revocation job applies; the owner is told, and the revocation reaches the outbox as `auth_token.revoked`.
describe.each(backends)('inactivity revocation from the policy on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('revokes what the saved policy calls inactive, and tells the owner', async () => {
    const admin = await t.signIn();
    const owner = await t.createUser('inactive-owner');
    const bob = await t.signIn('inactive-owner', 'inactive-owner-password-123');
    const stale = await t.createToken(bob, 'me', { description: 'old script' });
    const fresh = await t.createToken(bob, 'me', { description: 'new script' });
    // The stale token was made 45 days ago and never used.
    await (t.store as KyselyStore).db
      .updateTable('auth_tokens')
      .set({ created_at: new Date(Date.now() - 45 * 86_400_000).toISOString() })
      .where('id', '=', stale.id)
      .execute();

    // No limit in the policy: the job revokes nothing.
    await t.tessera.jobs.runNow('auth_tokens.revoke_inactive');
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${stale.token}`)).status).toBe(200);

    const saved = await admin.patch('/api/policy').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 30 });
    expect(saved.status).toBe(200);
    await t.tessera.jobs.runNow('auth_tokens.revoke_inactive');

    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${stale.token}`)).status).toBe(401);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${fresh.token}`)).status).toBe(200);
    const mine = await bob.get(`/api/users/me/auth-tokens/${stale.id}`);
    expect(mine.body).toMatchObject({ status: 'revoked', revocation: { kind: 'inactive' } });

    await t.tessera.jobs.runNow('events.dispatch');
    const notes = await bob.get('/api/users/me/notifications');
    const revoked = (notes.body as { items: { kind: string; message: string; link: string | null }[] }).items.find(
      (n) => n.kind === 'token_revoked',
    );
    expect(revoked?.message).toMatch(/30 days unused/);
    expect(owner).toBeTruthy();
  });
});

// A regenerate deletes the token's last-use row (the new secret has not been used), so the inactivity rule counts a
// never-used token from its last regenerate: a token made long ago and regenerated today is not inactive — for the
// inventory's filter, the policy's impact, the warning a week ahead and the job alike.
describe.each(backends)('a regenerate restarts the inactivity clock on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('does not call a token regenerated today inactive, however old it is', async () => {
    const admin = await t.signIn();
    await t.createUser('regen-owner');
    const carol = await t.signIn('regen-owner', 'regen-owner-password-123');
    const regenerated = await t.createToken(carol, 'me', { description: 'rotated script' });
    const stale = await t.createToken(carol, 'me', { description: 'forgotten script' });
    await (t.store as KyselyStore).db
      .updateTable('auth_tokens')
      .set({ created_at: new Date(Date.now() - 200 * 86_400_000).toISOString() })
      .where('id', 'in', [regenerated.id, stale.id])
      .execute();
    const regen = await carol.post(`/api/users/me/auth-tokens/${regenerated.id}/regenerate`).set(SAME_ORIGIN);
    expect(regen.status).toBe(200);
    const secret = regen.body.token as string;

    for (const sort of ['created', 'lastUsed', '-lastUsed', 'expires']) {
      const page = await admin.get(`/api/auth-tokens?owner=regen-owner&unusedForDays=90&sort=${sort}`);
      expect(page.status).toBe(200);
      expect(
        (page.body.items as { id: string }[]).map((i) => i.id),
        sort,
      ).toEqual([stale.id]);
      expect(page.body.total).toBe(1);
    }
    const impact = await admin.post('/api/policy/impact').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 90 });
    expect(impact.status).toBe(200);
    expect(impact.body.tokensUnused).toBe(1);

    expect((await admin.patch('/api/policy').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 90 })).status).toBe(200);
    expect(await t.tessera.jobs.runNow('auth_tokens.expiry_notices')).toBe(true);
    const warned = (await carol.get('/api/users/me/notifications?limit=100')).body.items as {
      kind: string;
      tokenId: string | null;
    }[];
    expect(warned.filter((n) => n.kind === 'token_inactive_soon').map((n) => n.tokenId)).toEqual([stale.id]);

    expect(await t.tessera.jobs.runNow('auth_tokens.revoke_inactive', new Date())).toBe(true);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${stale.token}`)).status).toBe(401);
  });
});

// The inactivity job revokes live tokens only — what the policy's impact counted: an expired token is dead already
// (revoking it would delete it and tell its owner about a token that no longer worked); a suspended one is revoked (a
// resume would bring its old secret back).
describe.each(backends)('the inactivity job and the impact count the same tokens on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('leaves expired tokens alone and revokes suspended ones, as the impact said', async () => {
    const admin = await t.signIn();
    await t.createUser('quiet-owner');
    const dave = await t.signIn('quiet-owner', 'quiet-owner-password-123');
    const live = await t.createToken(dave, 'me', { description: 'live' });
    const expired = await t.createToken(dave, 'me', { description: 'expired' });
    const suspended = await t.createToken(dave, 'me', { description: 'suspended' });
    expect((await dave.post(`/api/users/me/auth-tokens/${suspended.id}/suspend`).set(SAME_ORIGIN)).status).toBe(200);
    const db = (t.store as KyselyStore).db;
    await db
      .updateTable('auth_tokens')
      .set({ created_at: new Date(Date.now() - 200 * 86_400_000).toISOString() })
      .where('id', 'in', [live.id, expired.id, suspended.id])
      .execute();
    await db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 86_400_000).toISOString() })
      .where('id', '=', expired.id)
      .execute();

    const impact = await admin.post('/api/policy/impact').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 90 });
    expect(impact.body).toMatchObject({ tokens: 2, tokensUnused: 2 });
    expect((await admin.patch('/api/policy').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 90 })).status).toBe(200);
    expect(await t.tessera.jobs.runNow('auth_tokens.revoke_inactive', new Date())).toBe(true);

    const revocations = (await admin.get('/api/auth-tokens/revocations')).body.items as { count: number }[];
    expect(revocations.map((r) => r.count)).toEqual([impact.body.tokensUnused]);
    const status = async (id: string) => (await dave.get(`/api/users/me/auth-tokens/${id}`)).body.status as string;
    expect(await status(live.id)).toBe('revoked');
    expect(await status(suspended.id)).toBe('revoked');
    expect(await status(expired.id)).toBe('expired');
    // The week-ahead warning's sweep passes over revoked tokens (and expired ones).
    expect(await t.tessera.jobs.runNow('auth_tokens.expiry_notices')).toBe(true);
    // Ten minutes on, the expired token is still there (nothing of it was revoked, so nothing is deleted)...
    await t.tessera.jobs.runNow('revocations.finalise', new Date(Date.now() + 11 * 60_000));
    expect(await status(expired.id)).toBe('expired');
    // ...and its owner heard only about the two live tokens.
    await t.tessera.jobs.runNow('events.dispatch');
    const notes = (await dave.get('/api/users/me/notifications?limit=100')).body.items as {
      kind: string;
      tokenId: string | null;
    }[];
    expect(
      notes
        .filter((n) => n.kind === 'token_revoked')
        .map((n) => n.tokenId)
        .sort(),
    ).toEqual([live.id, suspended.id].sort());
    expect(notes.filter((n) => n.kind === 'token_inactive_soon')).toEqual([]);
  });
});
