import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

/** Issue 18: an auth token's network allow-list, matched against the client address TESSERA_TRUST_PROXY defines. */
describe.each(backends)('auth token network allow-lists (%s)', (kind) => {
  let t: TestApp;
  let n = 0;
  const freshUser = async () => {
    const username = `netter${n++}`;
    const id = await t.createUser(username);
    return { id, agent: await t.signIn(username, `${username}-password-123`) };
  };
  /** A request with a token from an address (the loopback proxy is trusted, so X-Forwarded-For is the client). */
  const from = (ip: string, token: string) => ({ 'X-Forwarded-For': ip, Authorization: `Bearer ${token}` });
  const create = (agent: TestAgent, body: object) =>
    agent.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send(body);

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => t.close());

  it('normalises the list: network addresses, lower case, /bits always, duplicates dropped', async () => {
    const { agent } = await freshUser();
    const res = await create(agent, {
      description: 'normalised',
      allowedNetworks: [' 203.0.113.7/24', '2001:DB8::1/32', '198.51.100.5', '203.0.113.0/24', '::ffff:192.0.2.0/120'],
    });
    expect(res.status).toBe(201);
    expect(res.body.allowedNetworks).toEqual(['203.0.113.0/24', '2001:db8::/32', '198.51.100.5/32', '192.0.2.0/24']);
    expect((await agent.get(`/api/users/me/auth-tokens/${res.body.id as string}`)).body.allowedNetworks).toEqual(
      res.body.allowedNetworks,
    );
    // An empty list is anywhere, as is an omitted one from a session.
    expect((await create(agent, { description: 'anywhere', allowedNetworks: [] })).body.allowedNetworks).toEqual([]);
    expect((await create(agent, { description: 'default' })).body.allowedNetworks).toEqual([]);
  });

  it('refuses an invalid range with a field error, and more than 50, creating nothing', async () => {
    const { id, agent } = await freshUser();
    for (const bad of ['203.0.113.0/33', 'example.com', '10.1/8', '0xa.0.0.0/8', '2001:db8::/129', '1.2.3.4/']) {
      const res = await create(agent, { description: 'bad', allowedNetworks: ['198.51.100.0/24', bad] });
      expect(res.status, bad).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('invalid_request');
      expect(res.body.errors[0].path, bad).toBe('allowedNetworks.1');
    }
    const many = Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`);
    const tooMany = await create(agent, { description: 'many', allowedNetworks: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('allowedNetworks');
    expect((await create(agent, { description: 'fifty', allowedNetworks: many.slice(0, 50) })).status).toBe(201);
    expect(await t.store.authTokens.count(id)).toBe(1);
  });

  it('refuses a use from outside with 401 network_not_allowed, no hint, audited with the address', async () => {
    const { agent } = await freshUser();
    const tok = (await create(agent, { description: 'office', allowedNetworks: ['203.0.113.0/24', '2001:db8::/32'] }))
      .body as { id: string; token: string };

    expect((await t.http.get('/api/whoami').set(from('203.0.113.77', tok.token))).status).toBe(200);
    expect((await t.http.get('/api/whoami').set(from('2001:db8::abcd', tok.token))).status).toBe(200);

    const outside = await t.http.get('/api/whoami').set(from('198.51.100.9', tok.token));
    expect(outside.status).toBe(401);
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(outside.body.code).toBe('network_not_allowed');
    const text = JSON.stringify(outside.body) + JSON.stringify(outside.headers);
    for (const hint of ['203.0.113', '2001:db8', '/24', '/32']) expect(text).not.toContain(hint);
    // Any route, not only whoami.
    expect((await t.http.get('/api/users/me/auth-tokens').set(from('192.0.2.1', tok.token))).status).toBe(401);

    const events = await agent.get('/api/users/me/activity?action=auth_token.use');
    expect(events.body.items[0]).toMatchObject({
      outcome: 'failure',
      tokenId: tok.id,
      ip: '192.0.2.1',
      details: { reason: 'network_not_allowed' },
    });
    expect(events.body.items[1]).toMatchObject({ ip: '198.51.100.9', details: { reason: 'network_not_allowed' } });
    expect(JSON.stringify(events.body)).not.toContain(tok.token);
  });

  it('holds a token to a narrowed list from the very next request', async () => {
    const { agent } = await freshUser();
    const tok = (await create(agent, { description: 'moving', allowedNetworks: ['203.0.113.0/24'] })).body as {
      id: string;
      token: string;
    };
    expect((await t.http.get('/api/whoami').set(from('203.0.113.5', tok.token))).status).toBe(200);
    await agent
      .patch(`/api/users/me/auth-tokens/${tok.id}`)
      .set(SAME_ORIGIN)
      .send({ allowedNetworks: ['203.0.113.128/25'] });
    const refused = await t.http.get('/api/whoami').set(from('203.0.113.5', tok.token));
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('network_not_allowed');
    expect((await t.http.get('/api/whoami').set(from('203.0.113.130', tok.token))).status).toBe(200);
  });

  it('never lets a token mint a less network-restricted token; without a list the child inherits its own', async () => {
    const { id, agent } = await freshUser();
    const parent = (await create(agent, { description: 'parent', allowedNetworks: ['203.0.113.0/24'] })).body as {
      token: string;
    };
    const mint = (body: object) =>
      t.http.post('/api/users/me/auth-tokens').set(from('203.0.113.5', parent.token)).send(body);

    for (const allowedNetworks of [[], ['198.51.100.0/24'], ['203.0.112.0/23'], ['203.0.113.0/25', '10.0.0.0/8']]) {
      const res = await mint({ description: 'wider', allowedNetworks });
      expect(res.status, JSON.stringify(allowedNetworks)).toBe(403);
      expect(res.body.code).toBe('network_exceeds_credential');
    }
    expect(await t.store.authTokens.count(id)).toBe(1);

    const inherited = await mint({ description: 'child' });
    expect(inherited.status).toBe(201);
    expect(inherited.body.allowedNetworks).toEqual(['203.0.113.0/24']);
    const narrower = await mint({ description: 'narrower', allowedNetworks: ['203.0.113.128/25'] });
    expect(narrower.status).toBe(201);
    expect(narrower.body.allowedNetworks).toEqual(['203.0.113.128/25']);
    // The child is held to it: from the parent's network but outside its own, refused.
    const child = narrower.body.token as string;
    expect((await t.http.get('/api/whoami').set(from('203.0.113.5', child))).status).toBe(401);
    expect((await t.http.get('/api/whoami').set(from('203.0.113.200', child))).status).toBe(200);
  });

  it('narrows a list by token, refuses widening by token, and widens from a session', async () => {
    const { agent } = await freshUser();
    const target = (await create(agent, { description: 'target', allowedNetworks: ['10.0.0.0/8'] })).body as {
      id: string;
    };
    const editor = (await create(agent, { description: 'editor' })).body as { token: string };
    const patch = (body: object) =>
      t.http.patch(`/api/users/me/auth-tokens/${target.id}`).set(from('127.0.0.1', editor.token)).send(body);

    const narrowed = await patch({ allowedNetworks: ['10.1.0.0/16'] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.allowedNetworks).toEqual(['10.1.0.0/16']);
    for (const allowedNetworks of [[], ['10.0.0.0/8'], ['192.0.2.0/24']]) {
      const res = await patch({ allowedNetworks });
      expect(res.status, JSON.stringify(allowedNetworks)).toBe(403);
      expect(res.body.code).toBe('network_widening_needs_session');
    }
    const bySession = await agent
      .patch(`/api/users/me/auth-tokens/${target.id}`)
      .set(SAME_ORIGIN)
      .send({ allowedNetworks: [] });
    expect(bySession.status).toBe(200);
    expect(bySession.body.allowedNetworks).toEqual([]);
    const events = await agent.get('/api/users/me/activity?action=auth_token.update');
    expect(events.body.items[0].details).toMatchObject({
      allowedNetworks: [],
      previously: { allowedNetworks: ['10.1.0.0/16'] },
    });
  });
});
