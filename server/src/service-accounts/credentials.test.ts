import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 21, point 5, "done when": a service account's token works after its creator (and its owner) is disabled.
// Its credentials belong to it, not to whoever made them; only its own disabled flag or its deletion ends them.
const ISSUER = 'http://tessera.test';

describe.each(backends)('service accounts: their credentials (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let creator: TestAgent;
  let owner: TestAgent;
  const ids = {} as Record<'creator' | 'owner' | 'other', string>;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    ids.creator = await t.createUser('carla', { role: 'admin' });
    ids.owner = await t.createUser('alice');
    ids.other = await t.createUser('bob');
    admin = await t.signIn('admin', ADMIN_PASSWORD);
    creator = await t.signIn('carla', 'carla-password-123');
    owner = await t.signIn('alice', 'alice-password-123');
  });
  afterAll(async () => t.close());

  const whoami = (token: string) => t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`);
  const newAccount = async (username: string) => {
    const res = await creator
      .post('/api/service-accounts')
      .set(SAME_ORIGIN)
      .send({ username, description: 'the exporter', ownerId: ids.owner });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  it('a token made by its creator and one made by its owner work after both are disabled', async () => {
    const id = await newAccount('svc-exporter');
    const byCreator = await t.createToken(creator, id, { description: 'made by the admin who created it' });
    const byOwner = await t.createToken(owner, id, { description: 'made by its owner' });
    expect(byCreator).toMatchObject({ userId: id, createdBy: ids.creator });
    expect(byOwner).toMatchObject({ userId: id, createdBy: ids.owner });
    const client = await owner
      .post(`/api/users/${id}/oauth2-client-credentials`)
      .set(SAME_ORIGIN)
      .send({ name: 'exporter', scopes: [{ audience: ISSUER, scope: 'profile:read' }] });
    expect(client.status, JSON.stringify(client.body)).toBe(201);

    for (const who of [ids.creator, ids.owner])
      expect((await admin.patch(`/api/users/${who}`).set(SAME_ORIGIN).send({ disabled: true })).status).toBe(200);

    for (const token of [byCreator.token, byOwner.token]) {
      const me = await whoami(token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id, username: 'svc-exporter', authenticatedBy: 'auth-token' });
    }
    const grant = await t.http
      .post('/oauth2/v1/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: client.body.id,
        client_secret: client.body.secret,
        scope: `${ISSUER}/profile:read`,
      });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    expect((await whoami(grant.body.access_token)).body).toMatchObject({ id, authenticatedBy: 'oauth2' });

    // The administrators' inventories mark the service account as the owner.
    for (const inventory of ['/api/auth-tokens', '/api/oauth2-client-credentials']) {
      const items = (await admin.get(`${inventory}?owner=svc-exporter`)).body.items as { owner: unknown }[];
      expect(items.length, inventory).toBeGreaterThan(0);
      for (const i of items) expect(i.owner).toMatchObject({ id, username: 'svc-exporter', kind: 'service' });
    }

    // The ownership stays recorded, with the owner shown disabled; an administrator hands it over.
    const read = await admin.get(`/api/service-accounts/${id}`);
    expect(read.body).toMatchObject({ owner: { id: ids.owner, disabled: true }, tokenCount: 2, clientCount: 1 });
    const moved = await admin.post(`/api/service-accounts/${id}/owner`).set(SAME_ORIGIN).send({ ownerId: ids.other });
    expect(moved.body.owner).toMatchObject({ id: ids.other });
    expect((await whoami(byOwner.token)).status).toBe(200);
    for (const who of [ids.creator, ids.owner])
      await admin.patch(`/api/users/${who}`).set(SAME_ORIGIN).send({ disabled: false });
    // Disabling them ended their sessions: sign in again for the tests below.
    creator = await t.signIn('carla', 'carla-password-123');
    owner = await t.signIn('alice', 'alice-password-123');
  });

  it('its own disabled flag refuses its tokens until it is enabled again', async () => {
    const id = await newAccount('svc-switch');
    const { token } = await t.createToken(owner, id);
    const set = (disabled: boolean) => owner.patch(`/api/service-accounts/${id}`).set(SAME_ORIGIN).send({ disabled });
    expect((await set(true)).body.disabled).toBe(true);
    expect((await whoami(token)).status).toBe(401);
    // No new credential for a disabled account either.
    expect((await owner.post(`/api/users/${id}/auth-tokens`).set(SAME_ORIGIN).send({ description: 'x' })).status).toBe(
      422,
    );
    expect((await set(false)).body.disabled).toBe(false);
    expect((await whoami(token)).status).toBe(200);
    const { events } = await t.store.audit.list({ action: 'service_account.update', limit: 20 });
    expect(events.filter((e) => e.targetUserId === id).map((e) => e.details?.changed)).toEqual([
      ['disabled'],
      ['disabled'],
    ]);
  });

  it('its owner’s narrow token (tokens:read, tokens:write) manages its tokens; not an administrator’s scope', async () => {
    const id = await newAccount('svc-scoped');
    const narrow = await t.createToken(owner, 'me', {
      description: 'scoped',
      scopes: ['tokens:read', 'tokens:write'],
    });
    const made = await t.http
      .post(`/api/users/${id}/auth-tokens`)
      .set('Authorization', `Bearer ${narrow.token}`)
      .send({ description: 'made with a scoped token', scopes: ['tokens:read'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const list = await t.http.get(`/api/users/${id}/auth-tokens`).set('Authorization', `Bearer ${narrow.token}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([made.body.id]);
    // profile:read alone is not enough to read its tokens: the own scope applies.
    const reader = await t.createToken(owner, 'me', { description: 'reader', scopes: ['profile:read'] });
    const refused = await t.http.get(`/api/users/${id}/auth-tokens`).set('Authorization', `Bearer ${reader.token}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
  });

  it('deleting it deletes every credential it holds, audited with what went', async () => {
    const id = await newAccount('svc-gone');
    const { token } = await t.createToken(owner, id);
    expect((await owner.delete(`/api/service-accounts/${id}`).set(SAME_ORIGIN)).status).toBe(403);
    expect((await admin.delete(`/api/service-accounts/${id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await whoami(token)).status).toBe(401);
    expect(await t.store.users.get(id)).toBeUndefined();
    expect((await admin.get(`/api/users/${id}/auth-tokens`)).status).toBe(404);
    expect((await admin.delete(`/api/service-accounts/${id}`).set(SAME_ORIGIN)).status).toBe(404);
    const { events } = await t.store.audit.list({ action: 'service_account.delete', limit: 20 });
    expect(events.find((e) => e.targetUserId === id)?.details).toMatchObject({
      username: 'svc-gone',
      deleted: { authTokens: 1, oauth2Clients: 0 },
    });
    // A person is not deleted through this route.
    expect((await admin.delete(`/api/service-accounts/${ids.other}`).set(SAME_ORIGIN)).status).toBe(404);
  });
});
