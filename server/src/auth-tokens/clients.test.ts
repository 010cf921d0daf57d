import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
/** Returns once the clock has moved on to the next millisecond. */
async function nextMillisecond() {
  const now = Date.now();
  while (Date.now() === now) await new Promise((r) => setTimeout(r, 1));
}

// Issue 20, points 1 and 4: GET …/auth-tokens/{id}/clients, and the owner's notice of a first use from a new network.
describe.each(backends)('auth token clients (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: TestAgent;
  let aliceId: string;
  let bob: TestAgent;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_TRUST_PROXY: 'loopback' });
    admin = await t.signIn();
    aliceId = await t.createUser('alice');
    alice = await t.signIn('alice', 'alice-password-123');
    await t.createUser('bob');
    bob = await t.signIn('bob', 'bob-password-123');
  });
  afterAll(async () => t.close());

  /** A use of the token from `ip` by `userAgent` (none when null). */
  const use = (token: string, ip: string, userAgent: string | null) => {
    const req = t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', ip);
    return userAgent === null ? req.unset('User-Agent') : req.set('User-Agent', userAgent);
  };
  const clients = (agent: TestAgent, tokenId: string, query = '', userId = 'me') =>
    agent.get(`/api/users/${userId}/auth-tokens/${tokenId}/clients${query}`);
  const flush = () => t.tessera.lastUse.flush(true);
  const notices = async (tokenId: string) => {
    await t.tessera.jobs.runNow('events.dispatch');
    const res = await alice.get('/api/users/me/notifications');
    expect(res.status).toBe(200);
    return (res.body.items as { kind: string; message: string; link: string | null; tokenId: string | null }[]).filter(
      (n) => n.tokenId === tokenId && n.kind === 'new_network',
    );
  };
  const audited = async (tokenId: string) =>
    (await t.store.audit.list({ action: 'auth_token.new_network', limit: 50 })).events.filter(
      (e) => e.tokenId === tokenId,
    );

  it('lists two user agents using a token with their counts, newest first, before and after the flush', async () => {
    const { id, token } = await t.createToken(alice, 'me', { description: 'deploy script' });
    for (let i = 0; i < 3; i++) expect((await use(token, '192.0.2.10', 'curl/8.5.0')).status).toBe(200);
    // Uses are stamped to the millisecond: on a warm worker the next request can land in the same one, a tie.
    await nextMillisecond();
    expect((await use(token, '192.0.2.11', 'python-requests/2.32')).status).toBe(200);

    const expected = [
      { ip: '192.0.2.11', userAgent: 'python-requests/2.32', count: 1 },
      { ip: '192.0.2.10', userAgent: 'curl/8.5.0', count: 3 },
    ];
    const before = await clients(alice, id);
    expect(before.status).toBe(200);
    expect(before.body.items).toMatchObject(expected);
    await flush();
    const after = await clients(alice, id);
    expect(after.body.items).toMatchObject(expected);
    for (const c of after.body.items as { firstSeenAt: string; lastSeenAt: string }[]) {
      expect(Date.parse(c.firstSeenAt)).toBeLessThanOrEqual(Date.parse(c.lastSeenAt));
      expect(Date.now() - Date.parse(c.lastSeenAt)).toBeLessThan(60_000);
    }
    // Uses after the flush are added to the stored counts.
    await use(token, '192.0.2.10', 'curl/8.5.0');
    await flush();
    expect((await clients(alice, id)).body.items).toMatchObject([
      { ip: '192.0.2.10', userAgent: 'curl/8.5.0', count: 4 },
      { ip: '192.0.2.11', userAgent: 'python-requests/2.32', count: 1 },
    ]);
  });

  it('stores no user agent as null and a long or control-laden one cleaned and cut to 256 characters', async () => {
    const { id, token } = await t.createToken(alice);
    await use(token, '192.0.2.20', null);
    await use(token, '192.0.2.21', `bot\t/1 ${'x'.repeat(400)}`);
    await flush();
    const items = (await clients(alice, id)).body.items as { ip: string; userAgent: string | null }[];
    expect(items.find((c) => c.ip === '192.0.2.20')?.userAgent).toBeNull();
    const long = items.find((c) => c.ip === '192.0.2.21')?.userAgent;
    expect(long).toHaveLength(256);
    expect(long?.startsWith('bot/1 xxx')).toBe(true);
  });

  it('narrows to sinceDays and refuses a sinceDays outside 1–30 with 400', async () => {
    const { id } = await t.createToken(alice);
    await t.store.authTokens.recordLastUses(
      [],
      [
        {
          credentialId: id,
          ip: '192.0.2.30',
          userAgent: 'old/1',
          firstAt: ago(12 * DAY),
          lastAt: ago(10 * DAY),
          count: 5,
        },
        { credentialId: id, ip: '192.0.2.31', userAgent: 'new/1', firstAt: ago(2 * DAY), lastAt: ago(DAY), count: 2 },
      ],
    );
    expect((await clients(alice, id)).body.items.map((c: { ip: string }) => c.ip)).toEqual([
      '192.0.2.31',
      '192.0.2.30',
    ]);
    expect((await clients(alice, id, '?sinceDays=7')).body.items.map((c: { ip: string }) => c.ip)).toEqual([
      '192.0.2.31',
    ]);
    // The hourly retention job leaves pairs seen within 30 days alone.
    expect(await t.tessera.jobs.runNow('credential-clients.purge')).toBe(true);
    expect((await clients(alice, id)).body.items).toHaveLength(2);
    for (const bad of ['0', '31', 'seven', '1.5']) {
      const res = await clients(alice, id, `?sinceDays=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('answers the owner and an administrator; another user and an unknown token get 404', async () => {
    const { id } = await t.createToken(alice);
    expect((await clients(admin, id, '', aliceId)).status).toBe(200);
    expect((await clients(alice, id, '', aliceId)).status).toBe(200);
    expect((await clients(bob, id, '', aliceId)).status).toBe(404);
    expect((await clients(bob, id)).status).toBe(404);
    expect((await clients(alice, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.http.get(`/api/users/me/auth-tokens/${id}/clients`)).status).toBe(401);
  });

  it('needs tokens:read from a token caller (403 insufficient_scope without it)', async () => {
    const { id } = await t.createToken(alice);
    const narrow = await t.createToken(alice, 'me', { description: 'narrow', scopes: ['profile:read'] });
    const reader = await t.createToken(alice, 'me', { description: 'reader', scopes: ['tokens:read'] });
    const denied = await t.http
      .get(`/api/users/me/auth-tokens/${id}/clients`)
      .set('Authorization', `Bearer ${narrow.token}`);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    const allowed = await t.http
      .get(`/api/users/me/auth-tokens/${id}/clients`)
      .set('Authorization', `Bearer ${reader.token}`);
    expect(allowed.status).toBe(200);
  });

  it('deletes a token’s clients with the token', async () => {
    const { id, token } = await t.createToken(alice);
    await use(token, '192.0.2.40', 'curl/8.5.0');
    await flush();
    expect((await alice.delete(`/api/users/me/auth-tokens/${id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect(await t.store.authTokens.clients(id, ago(DAY))).toEqual([]);
  });

  it('notifies the owner once of a new /24, and neither of the first use nor of another address in a known /24', async () => {
    const { id, token } = await t.createToken(alice, 'me', { description: 'backup job' });
    await use(token, '198.51.100.4', 'curl/8.5');
    await flush();
    expect(await notices(id)).toEqual([]); // the first use: nothing known to compare with
    await use(token, '198.51.100.77', 'curl/8.5'); // same /24
    await use(token, '::ffff:198.51.100.9', 'curl/8.5'); // IPv4-mapped: the same /24
    await flush();
    expect(await notices(id)).toEqual([]);
    expect(await audited(id)).toEqual([]);

    await use(token, '203.0.113.9', 'python-requests/2.32');
    await flush();
    const [notice, ...more] = await notices(id);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({
      kind: 'new_network',
      link: `/settings/auth-tokens?token=${id}`,
    });
    expect(notice!.message).toContain('First use of “backup job” from 203.0.113.9, python-requests/2.32');
    const [event, ...others] = await audited(id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      outcome: 'success',
      targetUserId: aliceId,
      ip: '203.0.113.9',
      userAgent: 'python-requests/2.32',
      details: { ip: '203.0.113.9', userAgent: 'python-requests/2.32', network: '203.0.113.0/24' },
    });

    // Known now: a second use from it is not news.
    await use(token, '203.0.113.200', 'python-requests/2.32');
    await flush();
    expect(await notices(id)).toHaveLength(1);
  });

  it('tells IPv6 networks apart by their /48', async () => {
    const { id, token } = await t.createToken(alice);
    await use(token, '2001:db8:1:1::5', 'curl/8.5');
    await flush();
    await use(token, '2001:db8:1:ffff::9', 'curl/8.5'); // same /48
    await flush();
    expect(await notices(id)).toEqual([]);
    await use(token, '2001:db8:2::1', 'curl/8.5');
    await flush();
    expect((await notices(id)).map((n) => n.message)).toEqual([
      expect.stringContaining('from 2001:db8:2::1, curl/8.5'),
    ]);
  });
});
