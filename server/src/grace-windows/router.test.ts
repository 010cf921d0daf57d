import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../store/kysely-store.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const ISSUER = 'http://tessera.test';
const TOKENS = '/api/users/me/auth-tokens';
const CLIENTS = '/api/users/me/oauth2-client-credentials';
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

interface Grace {
  until: string;
  startedAt: string;
  oldSecretHint: string;
  oldSecretLastUsedAt: string | null;
  oldSecretLastUsedIp: string | null;
  oldSecretUserAgent: string | null;
  oldSecretUseCount: number;
}

// Issue 20, point 3: regenerate (and an OAuth client's secret reset) with a grace window. During the window both
// secrets work; each use of the old one is recorded (batched) and its owner told once per address and user agent;
// End grace now, a second regenerate, the window's end and a leak report of the old secret each end it.
describe.each(backends)('grace windows (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let gina: TestAgent;
  let other: TestAgent;

  const whoami = (secret: string, userAgent = 'curl/8.5') =>
    t.http.get('/api/whoami').set('Authorization', `Bearer ${secret}`).set('User-Agent', userAgent);
  const regenerate = (id: string, body?: unknown) => {
    const req = gina.post(`${TOKENS}/${id}/regenerate`).set(SAME_ORIGIN);
    return body === undefined ? req.send() : req.send(body as object);
  };
  const graceOf = async (id: string) => (await gina.get(`${TOKENS}/${id}`)).body.grace as Grace | null;
  const notes = async () =>
    (await gina.get('/api/users/me/notifications')).body.items as { kind: string; message: string; link: string }[];

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
    await t.createUser('gina');
    await t.createUser('oscar');
    gina = await t.signIn('gina', 'gina-password-123');
    other = await t.signIn('oscar', 'oscar-password-123');
  });
  afterAll(() => t.close());

  it('keeps the old secret working for the window, records its uses and tells the owner once per client', async () => {
    const made = await t.createToken(gina, 'me', { description: 'deploy bot' });
    const res = await regenerate(made.id, { graceSeconds: 3600 });
    expect(res.status).toBe(200);
    const fresh = res.body.token as string;
    const grace = res.body.grace as Grace;
    expect(Date.parse(grace.until) - Date.parse(grace.startedAt)).toBe(3_600_000);
    expect(grace).toMatchObject({ oldSecretHint: made.hint, oldSecretLastUsedAt: null, oldSecretUseCount: 0 });

    expect((await whoami(made.token)).status).toBe(200);
    expect((await whoami(made.token)).status).toBe(200);
    expect((await whoami(fresh)).status).toBe(200);
    // Not yet flushed: this replica shows what it holds in memory.
    expect(await graceOf(made.id)).toMatchObject({ oldSecretUseCount: 2, oldSecretUserAgent: 'curl/8.5' });
    await t.tessera.oldSecretUses.flush();
    const seen = (await graceOf(made.id))!;
    expect(seen).toMatchObject({ oldSecretUseCount: 2, oldSecretUserAgent: 'curl/8.5', until: grace.until });
    expect(seen.oldSecretLastUsedIp).toEqual(expect.any(String));
    // The old secret's use is not the token's last use: that is the new secret's.
    expect((await gina.get(`${TOKENS}/${made.id}`)).body.lastUsedAt).not.toBeNull();

    // The same client again, then another: one more notification, for the new pair only.
    expect((await whoami(made.token)).status).toBe(200);
    expect((await whoami(made.token, 'python-requests/2.32')).status).toBe(200);
    await t.tessera.oldSecretUses.flush();
    expect((await graceOf(made.id))!.oldSecretUseCount).toBe(4);
    await t.tessera.jobs.runNow('events.dispatch');
    const told = (await notes()).filter((n) => n.kind === 'old_secret_in_use');
    expect(told).toHaveLength(2);
    expect(told.map((n) => n.message).join('\n')).toContain('curl/8.5');
    expect(told.map((n) => n.message).join('\n')).toContain('python-requests/2.32');
    expect(told[0]!.message).toMatch(/^The old secret of your token “deploy bot” is still in use by .+\. It stops/);
    expect(told[0]!.link).toBe(`/settings/auth-tokens?token=${made.id}`);
    const uses = await admin.get(`/api/activity?action=auth_token.old_secret_use&limit=10`);
    expect(uses.body.items.filter((e: { tokenId: string }) => e.tokenId === made.id)).toHaveLength(2);

    // End grace now: the old secret is refused at once, the new one works, a second end is a 404.
    expect((await other.delete(`/api/users/me/auth-tokens/${made.id}/grace`).set(SAME_ORIGIN)).status).toBe(404);
    expect((await gina.delete(`${TOKENS}/${made.id}/grace`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await whoami(made.token)).status).toBe(401);
    expect((await whoami(fresh)).status).toBe(200);
    expect(await graceOf(made.id)).toBeNull();
    const again = await gina.delete(`${TOKENS}/${made.id}/grace`).set(SAME_ORIGIN);
    expect(again.status).toBe(404);
    expect(again.headers['content-type']).toContain('application/problem+json');
    const ended = await admin.get('/api/activity?action=auth_token.end_grace&limit=5');
    expect(ended.body.items[0]).toMatchObject({ tokenId: made.id, details: { oldSecretHint: made.hint } });
    expect(t.logs.text).not.toContain(made.token);
  });

  it('refuses a bad graceSeconds with a 400 and changes nothing; an empty body is today’s regenerate', async () => {
    const made = await t.createToken(gina, 'me', { description: 'bad input' });
    for (const body of [
      { graceSeconds: -1 },
      { graceSeconds: 86_401 },
      { graceSeconds: 1.5 },
      { graceSeconds: '60' },
      { graceSeconds: 60, extra: true },
    ]) {
      const res = await regenerate(made.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await gina.get(`${TOKENS}/${made.id}`)).body).toMatchObject({ hint: made.hint, regeneratedAt: null });
    expect((await whoami(made.token)).status).toBe(200);

    const plain = await regenerate(made.id);
    expect(plain.status).toBe(200);
    expect(plain.body.grace).toBeNull();
    expect((await whoami(made.token)).status).toBe(401);
    expect((await whoami(plain.body.token as string)).status).toBe(200);
    expect((await regenerate(made.id, { graceSeconds: 0 })).body.grace).toBeNull();
    expect((await whoami(plain.body.token as string)).status).toBe(401);
  });

  it('keeps only the latest previous secret: a second regenerate ends the first window', async () => {
    const first = await t.createToken(gina, 'me', { description: 'twice' });
    const secondRes = await regenerate(first.id, { graceSeconds: 3600 });
    const second = secondRes.body.token as string;
    const third = await regenerate(first.id, { graceSeconds: 900 });
    expect(third.body.grace).toMatchObject({ oldSecretHint: secondRes.body.hint });
    expect((await whoami(first.token)).status).toBe(401);
    expect((await whoami(second)).status).toBe(200);
    expect((await whoami(third.body.token as string)).status).toBe(200);
    // Without a window, the one still open ends too.
    const fourth = await regenerate(first.id);
    expect((await whoami(second)).status).toBe(401);
    expect((await whoami(third.body.token as string)).status).toBe(401);
    expect((await whoami(fourth.body.token as string)).status).toBe(200);
  });

  it('refuses the old secret once the window has ended, and of a suspended token', async () => {
    const made = await t.createToken(gina, 'me', { description: 'ending' });
    await regenerate(made.id, { graceSeconds: 3600 });
    expect((await whoami(made.token)).status).toBe(200);
    // The window's end moved into the past, as time would (the row is not purged yet).
    const db = (t.store as KyselyStore).db;
    await db
      .updateTable('auth_token_grace')
      .set({ valid_until: new Date(Date.now() - 1000).toISOString() })
      .where('credential_id', '=', made.id)
      .execute();
    expect((await whoami(made.token)).status).toBe(401);
    expect(await graceOf(made.id)).toBeNull();
    expect((await gina.delete(`${TOKENS}/${made.id}/grace`).set(SAME_ORIGIN)).status).toBe(404);
    expect(await t.store.graceWindows.purgeEnded(new Date().toISOString())).toBeGreaterThanOrEqual(1);

    const paused = await t.createToken(gina, 'me', { description: 'paused' });
    await regenerate(paused.id, { graceSeconds: 3600 });
    expect((await gina.post(`${TOKENS}/${paused.id}/suspend`).set(SAME_ORIGIN).send()).status).toBe(200);
    expect((await whoami(paused.token)).status).toBe(401);
  });

  it('ends the window when the old secret is reported as leaked, and tells the owner of a leak', async () => {
    const made = await t.createToken(gina, 'me', { description: 'leaky' });
    const fresh = (await regenerate(made.id, { graceSeconds: 3600 })).body.token as string;
    expect((await t.http.post('/api/credentials/revoke').send({ tokens: [made.token], source: 'a gist' })).status).toBe(
      202,
    );
    expect((await whoami(made.token)).status).toBe(401);
    expect((await whoami(fresh)).status).toBe(200);
    expect(await graceOf(made.id)).toBeNull();
    await t.tessera.jobs.runNow('events.dispatch');
    expect(await notes()).toContainEqual(
      expect.objectContaining({
        kind: 'credential_leaked',
        message:
          'The old secret of your token “leaky” was reported as leaked (source: a gist) and stopped working at once; ' +
          'its new secret still works.',
      }),
    );
  });

  it('gives an OAuth client’s secret reset the same window', async () => {
    const created = await gina
      .post(CLIENTS)
      .set(SAME_ORIGIN)
      .send({ name: 'exporter', scopes: [{ audience: ISSUER, scope: 'profile:read' }] });
    const { id, secret } = created.body as { id: string; secret: string };
    const token = (s: string) =>
      t.http
        .post('/oauth2/v1/token')
        .set('Authorization', basic(id, s))
        .set('User-Agent', 'exporter/1.0')
        .type('form')
        .send({ grant_type: 'client_credentials', scope: `${ISSUER}/profile:read` });

    expect((await gina.post(`${CLIENTS}/${id}/reset-secret`).set(SAME_ORIGIN).send({ graceSeconds: 0.5 })).status).toBe(
      400,
    );
    const reset = await gina.post(`${CLIENTS}/${id}/reset-secret`).set(SAME_ORIGIN).send({ graceSeconds: 3600 });
    expect(reset.status).toBe(200);
    expect(reset.body.grace).toMatchObject({ oldSecretHint: created.body.secretHint });
    const fresh = reset.body.secret as string;
    expect((await token(secret)).status).toBe(200);
    expect((await token(fresh)).status).toBe(200);
    await t.tessera.oldSecretUses.flush();
    const listed = (await gina.get(CLIENTS)).body.items.find((c: { id: string }) => c.id === id);
    expect(listed.grace).toMatchObject({ oldSecretUserAgent: 'exporter/1.0', oldSecretUseCount: 1 });
    await t.tessera.jobs.runNow('events.dispatch');
    expect(await notes()).toContainEqual(
      expect.objectContaining({ kind: 'old_secret_in_use', link: `/settings/oauth2-credentials?client=${id}` }),
    );

    expect((await gina.delete(`${CLIENTS}/${id}/grace`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await token(secret)).status).toBe(401);
    expect((await token(fresh)).status).toBe(200);
    expect((await gina.delete(`${CLIENTS}/${id}/grace`).set(SAME_ORIGIN)).status).toBe(404);
  });
});
