import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 20, point 6: "delivered" for a secret generated for someone else, confirmed by the console (no secret sent).
describe.each(backends)('credential delivery (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let adminId: string;
  let n = 0;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const freshUser = async () => {
    const username = `receiver${n++}`;
    const id = await t.createUser(username);
    return { id, agent: await t.signIn(username, `${username}-password-123`) };
  };
  const tokenUrl = (userId: string, tokenId: string) => `/api/users/${userId}/auth-tokens/${tokenId}`;
  const confirm = (agent: TestAgent, url: string, body: unknown) =>
    agent
      .post(`${url}/delivered`)
      .set(SAME_ORIGIN)
      .send(body as object);
  const deliveryEvents = async (userId: string, action = 'auth_token.confirm_delivery') =>
    (await t.store.audit.list({ userId, action, limit: 50 })).events;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    adminId = (await admin.get('/api/whoami')).body.id as string;
  });
  afterAll(async () => t.close());

  it('marks a token an administrator made for someone else as awaiting delivery, and not one its owner made', async () => {
    const { id, agent } = await freshUser();
    const forThem = await t.createToken(admin, id, { description: 'for them' });
    expect(forThem).toMatchObject({ awaitingDelivery: true, deliveredAt: null, deliveredBy: null });
    const own = await t.createToken(agent, 'me', { description: 'mine' });
    expect(own).toMatchObject({ awaitingDelivery: false, deliveredAt: null });
    const adminOwn = await t.createToken(admin, 'me', { description: 'admin’s own' });
    expect(adminOwn.awaitingDelivery).toBe(false);
  });

  it('records the confirmation once, with who and when, audited without the secret', async () => {
    const { id } = await freshUser();
    const tok = await t.createToken(admin, id, { description: 'deliver me' });
    const url = tokenUrl(id, tok.id);
    const res = await confirm(admin, url, { hint: tok.hint });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: tok.id, awaitingDelivery: false, deliveredBy: adminId });
    expect(Date.now() - Date.parse(res.body.deliveredAt as string)).toBeLessThan(60_000);
    expect(res.body).not.toHaveProperty('token');
    const listed = (await admin.get(`/api/users/${id}/auth-tokens`)).body.items as Record<string, unknown>[];
    expect(listed.find((x) => x.id === tok.id)).toMatchObject({ deliveredAt: res.body.deliveredAt });
    const inventory = (await admin.get(`/api/auth-tokens?owner=${id}`)).body.items as Record<string, unknown>[];
    expect(inventory.find((x) => x.id === tok.id)).toMatchObject({ deliveredAt: res.body.deliveredAt });

    // Idempotent: the first confirmation stays and is audited once.
    const again = await confirm(admin, url, { hint: tok.hint });
    expect(again.status).toBe(200);
    expect(again.body.deliveredAt).toBe(res.body.deliveredAt);
    const events = await deliveryEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: adminId, targetUserId: id, tokenId: tok.id, outcome: 'success' });
    expect(events[0]?.details).toMatchObject({ description: 'deliver me', hint: tok.hint });
    expect(JSON.stringify(events)).not.toContain(tok.token);
  });

  it('starts over on regenerate, and refuses a confirmation of the replaced secret with 409 secret_changed', async () => {
    const { id, agent } = await freshUser();
    const tok = await t.createToken(admin, id, { description: 'rotated' });
    const url = tokenUrl(id, tok.id);
    expect((await confirm(admin, url, { hint: tok.hint })).status).toBe(200);
    const regenerated = (await admin.post(`${url}/regenerate`).set(SAME_ORIGIN)).body as Record<string, unknown>;
    expect(regenerated).toMatchObject({ awaitingDelivery: true, deliveredAt: null, deliveredBy: null });
    const stale = await confirm(admin, url, { hint: tok.hint });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.body.code).toBe('secret_changed');
    expect((await admin.get(url)).body.deliveredAt).toBeNull();
    // The owner regenerating it themselves has nobody to deliver it to.
    const own = await agent.post(`/api/users/me/auth-tokens/${tok.id}/regenerate`).set(SAME_ORIGIN);
    expect(own.body).toMatchObject({ awaitingDelivery: false, deliveredAt: null });
  });

  it('lets the owner confirm they received it, and gives anyone else 404', async () => {
    const { id, agent } = await freshUser();
    const other = await freshUser();
    const tok = await t.createToken(admin, id, { description: 'theirs' });
    for (const path of [tokenUrl(id, tok.id), tokenUrl('me', tok.id)]) {
      const res = await confirm(other.agent, path, { hint: tok.hint });
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(
      (
        await t.http
          .post(`${tokenUrl(id, tok.id)}/delivered`)
          .set(SAME_ORIGIN)
          .send({ hint: tok.hint })
      ).status,
    ).toBe(401);
    expect((await admin.get(tokenUrl(id, tok.id))).body.deliveredAt).toBeNull();
    const res = await confirm(agent, tokenUrl('me', tok.id), { hint: tok.hint });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deliveredBy: id, awaitingDelivery: false });
  });

  it('needs tokens:write for one’s own and admin:write for another’s', async () => {
    const { id, agent } = await freshUser();
    const reader = await t.createToken(agent, 'me', { description: 'reader', scopes: ['tokens:read'] });
    const writer = await t.createToken(agent, 'me', { description: 'writer', scopes: ['tokens:read', 'tokens:write'] });
    const target = await t.createToken(admin, id, { description: 'target' });
    const url = `${tokenUrl('me', target.id)}/delivered`;
    const refused = await t.http.post(url).set(bearer(reader.token)).send({ hint: target.hint });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
    expect((await t.http.post(url).set(bearer(writer.token)).send({ hint: target.hint })).status).toBe(200);

    const adminReader = await t.createToken(admin, 'me', { description: 'admin reader', scopes: ['admin:read'] });
    const second = await t.createToken(admin, id, { description: 'second' });
    const byReader = await t.http
      .post(`${tokenUrl(id, second.id)}/delivered`)
      .set(bearer(adminReader.token))
      .send({ hint: second.hint });
    expect(byReader.status).toBe(403);
    expect(byReader.body.code).toBe('insufficient_scope');
  });

  it('refuses a body without a hint, with anything else in it, or a secret for a hint: 400, nothing changed', async () => {
    const { id } = await freshUser();
    const tok = await t.createToken(admin, id, { description: 'bad input' });
    const url = tokenUrl(id, tok.id);
    for (const body of [
      {},
      { hint: '' },
      { hint: 42 },
      { hint: 'x'.repeat(65) },
      { hint: tok.hint, token: tok.token },
    ]) {
      const res = await confirm(admin, url, body);
      expect(res.status, JSON.stringify(Object.keys(body))).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('invalid_request');
      expect(JSON.stringify(res.body)).not.toContain(tok.token);
    }
    // The secret itself is not a hint: it names no secret the token has, and is not echoed or recorded.
    const secretAsHint = await confirm(admin, url, { hint: tok.token });
    expect(secretAsHint.status).toBe(409);
    expect(JSON.stringify(secretAsHint.body)).not.toContain(tok.token);
    expect((await admin.get(url)).body.deliveredAt).toBeNull();
    expect(await deliveryEvents(id)).toHaveLength(0);
    expect(t.logs.text).not.toContain(tok.token);
    const notFound = await confirm(admin, tokenUrl(id, 'no-such-token'), { hint: tok.hint });
    expect(notFound.status).toBe(404);
  });

  it('refuses a confirmation for a revoked token with 409 token_revoked, unchanged', async () => {
    const { id } = await freshUser();
    const tok = await t.createToken(admin, id, { description: 'revoked' });
    const revoked = await admin
      .post('/api/auth-tokens/revocations')
      .set(SAME_ORIGIN)
      .send({ ids: [tok.id], reason: 'leaked' });
    expect(revoked.status).toBe(202);
    const res = await confirm(admin, tokenUrl(id, tok.id), { hint: tok.hint });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('token_revoked');
    expect((await admin.get(tokenUrl(id, tok.id))).body).toMatchObject({ deliveredAt: null, awaitingDelivery: true });
    expect(await deliveryEvents(id)).toHaveLength(0);
  });

  it('does the same for OAuth 2.0 client secrets: made for someone else, confirmed, reset starts over', async () => {
    const { id, agent } = await freshUser();
    const other = await freshUser();
    const base = `/api/users/${id}/oauth2-client-credentials`;
    const scopes = [{ audience: 'https://api.example.com', scope: 'reports.read' }];
    const made = await admin
      .post(base)
      .set(SAME_ORIGIN)
      .send({ name: `job${n}`, description: 'nightly', scopes });
    expect(made.status).toBe(201);
    const client = made.body as { id: string; secret: string; secretHint: string };
    expect(made.body).toMatchObject({ awaitingDelivery: true, deliveredAt: null });
    const url = `${base}/${client.id}`;
    expect((await confirm(other.agent, url, { hint: client.secretHint })).status).toBe(404);
    expect((await confirm(admin, url, {})).status).toBe(400);
    const res = await confirm(admin, url, { hint: client.secretHint });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ awaitingDelivery: false, deliveredBy: adminId });
    const events = await deliveryEvents(id, 'oauth2_client.confirm_delivery');
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(client.secret);

    const reset = (await admin.post(`${url}/reset-secret`).set(SAME_ORIGIN)).body as Record<string, unknown>;
    expect(reset).toMatchObject({ awaitingDelivery: true, deliveredAt: null });
    const stale = await confirm(admin, url, { hint: client.secretHint });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('secret_changed');
    const byOwner = await confirm(agent, `/api/users/me/oauth2-client-credentials/${client.id}`, {
      hint: reset.secretHint,
    });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({ deliveredBy: id });
  });
});
