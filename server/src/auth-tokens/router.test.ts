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
  describe('with the default policy', () => {
    let t: TestApp;
    let admin: TestAgent;
    let alice: TestAgent;
    let aliceId: string;
    let adminId: string;
    let n = 0;
    // Each test works on a fresh user so the per-user limit and lists never depend on test order.
    const freshUser = async () => t.createUser(`user${n++}`);

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await t.signIn();
      adminId = (await admin.get('/api/whoami')).body.id as string;
      aliceId = await t.createUser('alice');
      alice = await t.signIn('alice', 'alice-password-123');
    });
    afterAll(async () => t.close());

    const create = (userId: string, body: unknown) =>
      admin
        .post(`/api/users/${userId}/auth-tokens`)
        .set(SAME_ORIGIN)
        .send(body as object);

    it('gives a token with no expiry named the default lifetime of 90 days', async () => {
      const res = await create(await freshUser(), { description: 'default' });
      expect(res.status).toBe(201);
      expectAbout(res.body.expiresAt, 90);
      expect(res.body.status).toBe('active');
    });

    it('accepts null as never, and an explicit future date as given', async () => {
      const user = await freshUser();
      const never = await create(user, { description: 'never', expiresAt: null });
      expect(never.status).toBe(201);
      expect(never.body.expiresAt).toBeNull();
      const at = inDays(400);
      const dated = await create(user, { description: 'dated', expiresAt: at });
      expect(dated.status).toBe(201);
      expect(dated.body.expiresAt).toBe(at);
      const offset = await create(user, { description: 'offset', expiresAt: '2099-01-01T12:00:00+02:00' });
      expect(offset.body.expiresAt).toBe('2099-01-01T10:00:00.000Z');
    });

    it('refuses an expiry in the past with 422 expiry_in_past, and a non-date with 400', async () => {
      const user = await freshUser();
      const past = await create(user, { description: 'past', expiresAt: inDays(-1) });
      expect(past.status).toBe(422);
      expect(past.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(past.body.code).toBe('expiry_in_past');
      expect(past.body.detail).toMatch(/future/);
      for (const expiresAt of ['tomorrow', '2099-13-45T00:00:00Z', 1234567890, '2099-01-01']) {
        const bad = await create(user, { description: 'bad', expiresAt });
        expect(bad.status, String(expiresAt)).toBe(400);
        expect(bad.body.errors[0].path).toBe('expiresAt');
      }
      expect(await t.store.authTokens.count(user)).toBe(0);
    });

    it('requires a description of 1–255 characters without control characters, trimmed', async () => {
      const user = await freshUser();
      for (const description of [undefined, '', '   ', 'x'.repeat(256), 'two\nlines', 'tab\there', 'del\u007f', 42]) {
        const res = await create(user, description === undefined ? {} : { description });
        expect(res.status, JSON.stringify(description)).toBe(400);
        expect(res.body.code).toBe('invalid_request');
        expect(res.body.errors[0].path).toBe('description');
      }
      expect((await create(user, { description: 'x', extra: 1 })).status).toBe(400);
      expect(await t.store.authTokens.count(user)).toBe(0);

      const longest = await create(user, { description: 'y'.repeat(255) });
      expect(longest.status).toBe(201);
      const trimmed = await create(user, { description: '  CI deploy key  ' });
      expect(trimmed.body.description).toBe('CI deploy key');
      const unicode = await create(user, { description: 'Schlüssel für Jenkins ✓' });
      expect(unicode.body.description).toBe('Schlüssel für Jenkins ✓');
    });

    it('edits the description only, with the same rules', async () => {
      const user = await freshUser();
      const tok = (await create(user, { description: 'before' })).body as { id: string; hint: string };
      const url = `/api/users/${user}/auth-tokens/${tok.id}`;
      const res = await admin.patch(url).set(SAME_ORIGIN).send({ description: '  after  ' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: tok.id, description: 'after', hint: tok.hint });
      expect(res.body).not.toHaveProperty('token');
      expect((await admin.get(url)).body.description).toBe('after');
      for (const body of [
        { description: '' },
        { description: 'a\u0000b' },
        {},
        { description: 'ok', expiresAt: null },
      ]) {
        expect((await admin.patch(url).set(SAME_ORIGIN).send(body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await admin.get(url)).body.description).toBe('after');
    });

    it('regenerates: same description and lifetime length, a new secret, the old one dead at once', async () => {
      const created = await t.createToken(alice, 'me', { description: 'rotate me', expiresAt: inDays(30) });
      // Pretend it was issued ten days ago, so keeping the date and keeping the length differ.
      await (t.store as unknown as KyselyStore).db
        .updateTable('auth_tokens')
        .set({ created_at: new Date(Date.now() - 10 * DAY).toISOString(), expires_at: inDays(20) })
        .where('id', '=', created.id)
        .execute();
      const res = await alice.post(`/api/users/me/auth-tokens/${created.id}/regenerate`).set(SAME_ORIGIN);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({ id: created.id, description: 'rotate me', userId: aliceId });
      expectAbout(res.body.expiresAt, 30);
      expect(res.body.regeneratedAt).toBeTruthy();
      expect(res.body.token).toMatch(/^tsr_[0-9A-Za-z]{36}$/);
      expect(res.body.token).not.toBe(created.token);
      expect(res.body.hint).toBe(`tsr_…${(res.body.token as string).slice(-4)}`);

      expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${created.token}`)).status).toBe(401);
      const now = await t.http.get('/api/whoami').set('Authorization', `Bearer ${res.body.token as string}`);
      expect(now.status).toBe(200);
      expect(now.body.tokenId).toBe(created.id);
      expect(await t.store.authTokens.count(aliceId)).toBe(
        ((await alice.get('/api/users/me/auth-tokens')).body.items as unknown[]).length,
      );
    });

    it('regenerates a never-expiring token as never-expiring', async () => {
      const user = await freshUser();
      const tok = (await create(user, { description: 'forever', expiresAt: null })).body as { id: string };
      const res = await admin.post(`/api/users/${user}/auth-tokens/${tok.id}/regenerate`).set(SAME_ORIGIN);
      expect(res.status).toBe(200);
      expect(res.body.expiresAt).toBeNull();
    });

    it('deletes a token: 204, gone from the list, refused at once, 404 the second time', async () => {
      const user = await freshUser();
      const tok = (await create(user, { description: 'short-lived' })).body as { id: string; token: string };
      const url = `/api/users/${user}/auth-tokens/${tok.id}`;
      const res = await admin.delete(url).set(SAME_ORIGIN);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await admin.get(`/api/users/${user}/auth-tokens`)).body.items).toEqual([]);
      expect((await t.http.get('/api/whoami').set('X-Auth-Token', tok.token)).status).toBe(401);
      expect((await admin.delete(url).set(SAME_ORIGIN)).status).toBe(404);
      expect((await admin.get(url)).status).toBe(404);
    });

    it('lists tokens newest first with the owner and the policy, never a secret or digest', async () => {
      const user = await freshUser();
      const first = await create(user, { description: 'first' });
      await new Promise((r) => setTimeout(r, 5));
      const second = await create(user, { description: 'second' });
      const res = await admin.get(`/api/users/${user}/auth-tokens`);
      expect(res.status).toBe(200);
      expect((res.body.items as { id: string }[]).map((i) => i.id)).toEqual([second.body.id, first.body.id]);
      expect(res.body.user).toMatchObject({ id: user, apiTokensEnabled: true });
      expect(res.body.policy).toEqual({
        maxTokensPerUser: 10,
        defaultLifetimeDays: 90,
        maxLifetimeDays: null,
        requireExpiry: false,
        defaultScopes: null,
        allowedScopes: ['profile:read', 'tokens:read', 'tokens:write', 'activity:read', 'admin:read', 'admin:write'],
        used: 2,
      });
      for (const item of res.body.items as Record<string, unknown>[]) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'createdAt',
            'createdBy',
            'creator',
            'description',
            'expiresAt',
            'hint',
            'id',
            'lastUsedAt',
            'lastUsedIp',
            'name',
            'regeneratedAt',
            'scopes',
            'fullAccess',
            'allowedNetworks',
            'projects',
            'status',
            'suspendedAt',
            'revocation',
            'grace',
            'awaitingDelivery',
            'deliveredAt',
            'deliveredBy',
            'userId',
          ].sort(),
        );
      }
    });

    it('leaves exactly the limit when 20 creates race at a limit of 10', async () => {
      const user = await freshUser();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => create(user, { description: `racer ${i}` })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 422)).toHaveLength(10);
      for (const r of results.filter((x) => x.status === 422)) expect(r.body.code).toBe('token_limit_reached');
      expect(await t.store.authTokens.count(user)).toBe(10);
      const listed = await admin.get(`/api/users/${user}/auth-tokens`);
      expect(listed.body.items).toHaveLength(10);
      expect(listed.body.policy.used).toBe(10);
    });

    it('appends an audit event with actor, target user, token id and IP for create, edit, regenerate and delete', async () => {
      const user = await freshUser();
      const tok = (await create(user, { description: 'audited' })).body as { id: string; token: string };
      const url = `/api/users/${user}/auth-tokens/${tok.id}`;
      await admin.patch(url).set(SAME_ORIGIN).send({ description: 'audited, renamed' });
      const regenerated = await admin.post(`${url}/regenerate`).set(SAME_ORIGIN);
      await admin.delete(url).set(SAME_ORIGIN);

      const { events } = await t.store.audit.list({ userId: user, limit: 50 });
      // Sorted by name: events written within the same millisecond have no defined order.
      const forToken = events.filter((e) => e.tokenId === tok.id);
      expect(forToken.map((e) => e.action).sort()).toEqual([
        'auth_token.create',
        'auth_token.delete',
        'auth_token.regenerate',
        'auth_token.update',
      ]);
      for (const e of forToken) {
        expect(e).toMatchObject({ outcome: 'success', actorId: adminId, actorUsername: 'admin', targetUserId: user });
        expect(e.ip).toMatch(/127\.0\.0\.1|::1/);
        expect(Date.now() - Date.parse(e.at)).toBeLessThan(60_000);
      }
      const text = JSON.stringify(events);
      expect(text).not.toContain(tok.token);
      expect(text).not.toContain(regenerated.body.token as string);
    });

    it('audits an owner acting on their own tokens with the owner as actor', async () => {
      const tok = await t.createToken(alice, 'me', { description: 'mine' });
      const { events } = await t.store.audit.list({ userId: aliceId, action: 'auth_token.create', limit: 50 });
      expect(events.find((e) => e.tokenId === tok.id)).toMatchObject({ actorId: aliceId, targetUserId: aliceId });
      await alice.delete(`/api/users/me/auth-tokens/${tok.id}`).set(SAME_ORIGIN);
    });
  });
});
