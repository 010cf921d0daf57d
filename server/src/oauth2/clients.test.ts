import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const BASE = '/api/users/me/oauth2-client-credentials';
const SCOPES = [{ audience: 'https://reports.example.com', scope: 'reports.read' }];

// Issue 20, points 1 and 4 for OAuth clients: who obtained tokens with a client (at the token endpoint), and the
// owner's notice of a client's first use from a new network.
describe.each(backends)('OAuth client recent clients (%s)', (kind) => {
  let t: TestApp;
  let alice: TestAgent;
  let aliceId: string;
  let bob: TestAgent;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_TRUST_PROXY: 'loopback' });
    aliceId = await t.createUser('alice');
    alice = await t.signIn('alice', 'alice-password-123');
    await t.createUser('bob');
    bob = await t.signIn('bob', 'bob-password-123');
  });
  afterAll(async () => t.close());

  const newClient = async (name: string) => {
    const res = await alice.post(BASE).set(SAME_ORIGIN).send({ name, description: name, scopes: SCOPES });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const grant = async (c: { id: string; secret: string }, ip: string, userAgent: string) => {
    const res = await t.http
      .post('/oauth2/v1/token')
      .set('X-Forwarded-For', ip)
      .set('User-Agent', userAgent)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const notices = async (clientId: string) => {
    await t.tessera.jobs.runNow('events.dispatch');
    const res = await alice.get('/api/users/me/notifications');
    return (res.body.items as { kind: string; message: string; link: string | null; tokenId: string | null }[]).filter(
      (n) => n.tokenId === clientId && n.kind === 'new_network',
    );
  };

  it('lists the callers of the token endpoint with counts; the owner sees them, another user gets 404', async () => {
    const c = await newClient('nightly-export');
    await grant(c, '192.0.2.50', 'curl/8.5.0');
    await grant(c, '192.0.2.50', 'curl/8.5.0');
    await grant(c, '192.0.2.51', 'Go-http-client/2.0');
    const res = await alice.get(`${BASE}/${c.id}/clients`);
    expect(res.status).toBe(200);
    expect(res.body.items).toMatchObject([
      { ip: '192.0.2.51', userAgent: 'Go-http-client/2.0', count: 1 },
      { ip: '192.0.2.50', userAgent: 'curl/8.5.0', count: 2 },
    ]);
    expect((await alice.get(`${BASE}/${c.id}/clients?sinceDays=7`)).body.items).toHaveLength(2);
    expect((await alice.get(`${BASE}/${c.id}/clients?sinceDays=31`)).status).toBe(400);
    expect((await bob.get(`/api/users/${aliceId}/oauth2-client-credentials/${c.id}/clients`)).status).toBe(404);
    expect((await bob.get(`${BASE}/${c.id}/clients`)).status).toBe(404);
  });

  it('notifies the owner of a new /24 once, not of the first use or of a known network', async () => {
    const c = await newClient('billing-sync');
    await grant(c, '198.51.100.4', 'curl/8.5');
    await grant(c, '198.51.100.99', 'curl/8.5');
    expect(await notices(c.id)).toEqual([]);
    await grant(c, '203.0.113.9', 'curl/8.5');
    await grant(c, '203.0.113.10', 'curl/8.5');
    const found = await notices(c.id);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'new_network', link: `/settings/oauth2-credentials?client=${c.id}` });
    expect(found[0]!.message).toContain('First use of the OAuth 2.0 client “billing-sync” from 203.0.113.9, curl/8.5');
    const { events } = await t.store.audit.list({ action: 'oauth2_client.new_network', limit: 10 });
    expect(events.filter((e) => e.tokenId === c.id)).toMatchObject([
      { outcome: 'success', ip: '203.0.113.9', details: { network: '203.0.113.0/24', name: 'billing-sync' } },
    ]);
  });
});
