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
