import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import type { KyselyStore } from '../store/kysely-store.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** Asserts an ISO time lies within a minute of now + days. */
const expectAbout = (iso: unknown, days: number) =>
  expect(Math.abs(Date.parse(String(iso)) - (Date.now() + days * DAY))).toBeLessThan(60_000);

describe.each(backends)('auth tokens API (%s)', (kind) => {
  describe('with a maximum lifetime of 30 days and 2 tokens per user', () => {
    let t: TestApp;
    let alice: TestAgent;
    let bob: TestAgent;
    beforeAll(async () => {
      t = await startTestApp(kind, {
        TESSERA_MAX_TOKEN_LIFETIME_DAYS: '30',
        TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS: '14',
        TESSERA_MAX_TOKENS_PER_USER: '2',
      });
      await t.createUser('alice');
      await t.createUser('bob');
      alice = await t.signIn('alice', 'alice-password-123');
      bob = await t.signIn('bob', 'bob-password-123');
    });
    afterAll(async () => t.close());

    const create = (agent: TestAgent, body: object) =>
      agent.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send(body);
    const clear = async (agent: TestAgent) => {
      for (const item of (await agent.get('/api/users/me/auth-tokens')).body.items as { id: string }[]) {
        await agent.delete(`/api/users/me/auth-tokens/${item.id}`).set(SAME_ORIGIN);
      }
    };

    it('refuses beyond the maximum with expiry_beyond_policy and no expiry with expiry_required', async () => {
      await clear(alice);
      const far = await create(alice, { description: 'far', expiresAt: inDays(60) });
      expect(far.status).toBe(422);
      expect(far.body.code).toBe('expiry_beyond_policy');
      expect(far.body.detail).toMatch(/30 days/);
      const never = await create(alice, { description: 'never', expiresAt: null });
      expect(never.status).toBe(422);
      expect(never.body.code).toBe('expiry_required');
      const ok = await create(alice, { description: 'ok', expiresAt: inDays(29) });
      expect(ok.status).toBe(201);
      const dflt = await create(alice, { description: 'default' });
      expect(dflt.status).toBe(201);
      expectAbout(dflt.body.expiresAt, 14);
      const policy = (await alice.get('/api/users/me/auth-tokens')).body.policy;
      expect(policy).toEqual({
        maxTokensPerUser: 2,
        defaultLifetimeDays: 14,
        maxLifetimeDays: 30,
        requireExpiry: true,
        defaultScopes: null,
        allowedScopes: ['profile:read', 'tokens:read', 'tokens:write', 'activity:read', 'admin:read', 'admin:write'],
        used: 2,
      });
    });

    it('holds each user to TESSERA_MAX_TOKENS_PER_USER, frees a slot on delete, and counts per user', async () => {
      await clear(alice);
      await clear(bob);
      const a = await create(alice, { description: 'one' });
      await create(alice, { description: 'two' });
      const third = await create(alice, { description: 'three' });
      expect(third.status).toBe(422);
      expect(third.body.code).toBe('token_limit_reached');
      expect((await create(bob, { description: 'bob is not alice' })).status).toBe(201);
      // Regenerating does not need a free slot.
      expect((await alice.post(`/api/users/me/auth-tokens/${a.body.id}/regenerate`).set(SAME_ORIGIN)).status).toBe(200);
      await alice.delete(`/api/users/me/auth-tokens/${a.body.id}`).set(SAME_ORIGIN);
      expect((await create(alice, { description: 'three, again' })).status).toBe(201);
    });

    it('caps a regenerated never-expiring token at the maximum lifetime', async () => {
      await clear(alice);
      const tok = await create(alice, { description: 'ok', expiresAt: inDays(10) });
      // A token made before the policy existed: never expires.
      await (t.store as unknown as KyselyStore).db
        .updateTable('auth_tokens')
        .set({ expires_at: null })
        .where('id', '=', tok.body.id as string)
        .execute();
      const res = await alice.post(`/api/users/me/auth-tokens/${tok.body.id}/regenerate`).set(SAME_ORIGIN);
      expect(res.status).toBe(200);
      expectAbout(res.body.expiresAt, 30);
    });
  });
});
