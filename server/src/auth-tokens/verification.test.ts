import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { generateToken } from '../lib/token-format.js';
import type { KyselyStore } from '../store/kysely-store.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

type Header = 'bearer' | 'x-auth-token' | 'basic';
const HEADERS: Header[] = ['bearer', 'x-auth-token', 'basic'];

function credential(header: Header, token: string, username = 'alice'): Record<string, string> {
  if (header === 'bearer') return { Authorization: `Bearer ${token}` };
  if (header === 'x-auth-token') return { 'X-Auth-Token': token };
  return { Authorization: `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}` };
}

/** Changes one character of the random part, so the checksum no longer matches. */
const breakChecksum = (token: string) => token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);

describe.each(backends)('auth token verification (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  const ids: Record<string, string> = {};

  const db = () => (t.store as unknown as KyselyStore).db;
  const mint = async (userId: string, body: Record<string, unknown> = { description: 'verification' }) =>
    t.createToken(admin, userId, body);
  const whoami = (header: Header, token: string, username?: string) =>
    t.http.get('/api/whoami').set(credential(header, token, username));

  beforeAll(async () => {
    // Many refusals come from one IP here; the per-IP failure throttle has its own tests.
    t = await startTestApp(kind, {
      TESSERA_MAX_TOKENS_PER_USER: '100',
      TESSERA_LAST_USED_FLUSH_MS: '3600000',
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '1000',
    });
    admin = await t.signIn();
    ids.alice = await t.createUser('alice');
    ids.dora = await t.createUser('dora');
    ids.tim = await t.createUser('tim');
  });
  afterAll(async () => t.close());

  it.each(HEADERS)('accepts a live token sent as %s', async (header) => {
    const { token, id } = await mint(ids.alice!);
    const res = await whoami(header, token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.alice, authenticatedBy: 'auth-token', tokenId: id });
  });

  it('refuses every dead token with the same 401, WWW-Authenticate and body, whichever case it is', async () => {
    const refused: Record<string, { token: string; username?: string }> = {};
    refused.unknown = { token: generateToken() };
    refused.badChecksum = { token: breakChecksum((await mint(ids.alice!)).token) };
    refused.notATessera = { token: 'tsr_short' };

    const expired = await mint(ids.alice!);
    await db()
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', expired.id)
      .execute();
    refused.expired = { token: expired.token };

    const deleted = await mint(ids.alice!);
    expect((await admin.delete(`/api/users/${ids.alice}/auth-tokens/${deleted.id}`).set(SAME_ORIGIN)).status).toBe(204);
    refused.deleted = { token: deleted.token };

    const regenerated = await mint(ids.alice!);
    const fresh = await admin.post(`/api/users/${ids.alice}/auth-tokens/${regenerated.id}/regenerate`).set(SAME_ORIGIN);
    expect(fresh.status).toBe(200);
    refused.regeneratedOld = { token: regenerated.token };

    const doras = await mint(ids.dora!);
    expect((await admin.patch(`/api/users/${ids.dora}`).set(SAME_ORIGIN).send({ disabled: true })).status).toBe(200);
    refused.disabledUser = { token: doras.token, username: 'dora' };

    const tims = await mint(ids.tim!);
    expect((await admin.patch(`/api/users/${ids.tim}`).set(SAME_ORIGIN).send({ apiTokensEnabled: false })).status).toBe(
      200,
    );
    refused.apiTokensOff = { token: tims.token, username: 'tim' };

    const live = await mint(ids.alice!);
    refused.basicWrongUser = { token: live.token, username: 'admin' };

    const answers: { label: string; status: number; www: unknown; body: unknown }[] = [];
    for (const [label, { token, username }] of Object.entries(refused)) {
      for (const header of HEADERS) {
        if (label === 'basicWrongUser' && header !== 'basic') continue;
        const res = await whoami(header, token, username);
        answers.push({
          label: `${label} via ${header}`,
          status: res.status,
          www: res.headers['www-authenticate'],
          body: res.body,
        });
        expect(JSON.stringify(res.body)).not.toContain(token);
      }
    }
    for (const a of answers) {
      expect(a.status, a.label).toBe(401);
      expect(a, a.label).toMatchObject({ www: answers[0]!.www, body: answers[0]!.body });
    }
    expect(String(answers[0]!.www)).toMatch(/^Bearer realm="tessera"/);
    expect(answers[0]!.body).toMatchObject({ code: 'unauthenticated' });

    // The live token used for the Basic case still works with the right username.
    expect((await whoami('basic', live.token)).status).toBe(200);
    // The expired token shows as expired to its owner's administrator.
    const got = await admin.get(`/api/users/${ids.alice}/auth-tokens/${expired.id}`);
    expect(got.body.status).toBe('expired');
  });

  it('audits a refused use of a known token with the reason, but never the token', async () => {
    const tok = await mint(ids.alice!);
    await db()
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', tok.id)
      .execute();
    expect((await whoami('bearer', tok.token)).status).toBe(401);
    const { events } = await t.store.audit.list({ action: 'auth_token.use', limit: 50 });
    const event = events.find((e) => e.tokenId === tok.id);
    expect(event).toMatchObject({ outcome: 'failure', targetUserId: ids.alice, details: { reason: 'expired' } });
    expect(event?.ip).toBeTruthy();
    expect(JSON.stringify(events)).not.toContain(tok.token);
  });

  it('refuses a token with a bad checksum before any database lookup', async () => {
    const { token } = await mint(ids.alice!);
    // The embedded store answers the hot path synchronously; PostgreSQL through a promise. One method either way.
    const lookup = vi.spyOn(t.store.authTokens, 'findCredential');
    try {
      for (const header of HEADERS) expect((await whoami(header, breakChecksum(token))).status).toBe(401);
      expect((await whoami('bearer', token.slice(0, -1))).status).toBe(401);
      expect(lookup).not.toHaveBeenCalled();
      // The spy is on the path that counts: a good token does reach it, exactly once.
      expect((await whoami('bearer', token)).status).toBe(200);
      expect(lookup).toHaveBeenCalledTimes(1);
    } finally {
      lookup.mockRestore();
    }
  });

  it('records last use in memory, shows it at once, and writes it only on flush', async () => {
    const { token, id } = await mint(ids.alice!);
    const writes = [
      ['recordLastUses', vi.spyOn(t.store.authTokens, 'recordLastUses')],
      ['audit.append', vi.spyOn(t.store.audit, 'append')],
      ['sessions.set', vi.spyOn(t.store.sessions, 'set')],
      ['sessions.touch', vi.spyOn(t.store.sessions, 'touch')],
      ['users.update', vi.spyOn(t.store.users, 'update')],
    ] as const;
    try {
      for (const header of HEADERS) expect((await whoami(header, token)).status).toBe(200);
      const res = await t.http.get('/api/users/me/auth-tokens').set(credential('bearer', token));
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
      // Verification is on the hot path: no write of any kind per request.
      for (const [name, spy] of writes) expect(spy, name).not.toHaveBeenCalled();

      const shown = (res.body.items as { id: string; lastUsedAt: string | null; lastUsedIp: string | null }[]).find(
        (i) => i.id === id,
      );
      expect(shown?.lastUsedAt).toBeTruthy();
      expect(Date.now() - Date.parse(shown!.lastUsedAt!)).toBeLessThan(60_000);
      expect(shown?.lastUsedIp).toMatch(/127\.0\.0\.1|::1/);
      expect((await t.store.authTokens.get(ids.alice!, id))?.lastUsedAt).toBeNull();

      await t.tessera.lastUse.flush();
      const record = writes.find(([name]) => name === 'recordLastUses')![1];
      expect(record).toHaveBeenCalledTimes(1);
      const stored = await t.store.authTokens.get(ids.alice!, id);
      expect(stored?.lastUsedAt).toBe(shown?.lastUsedAt);
      expect(stored?.lastUsedIp).toBe(shown?.lastUsedIp);
    } finally {
      for (const [, spy] of writes) spy.mockRestore();
    }
  });

  it('shows a use not yet flushed on a single token too, not only in the list', async () => {
    const { token, id } = await mint(ids.alice!);
    expect((await whoami('x-auth-token', token)).status).toBe(200);
    const one = await admin.get(`/api/users/${ids.alice}/auth-tokens/${id}`);
    const listed = (await admin.get(`/api/users/${ids.alice}/auth-tokens`)).body.items as { id: string }[];
    expect(one.body.lastUsedAt).toBeTruthy();
    expect(one.body).toEqual(listed.find((i) => i.id === id));
    const edited = await admin
      .patch(`/api/users/${ids.alice}/auth-tokens/${id}`)
      .set(SAME_ORIGIN)
      .send({ description: 'edited' });
    expect(edited.body.lastUsedAt).toBe(one.body.lastUsedAt);
  });

  it('clears last use on regenerate, since the new secret has never been used', async () => {
    const { token, id } = await mint(ids.alice!);
    expect((await whoami('bearer', token)).status).toBe(200);
    await t.tessera.lastUse.flush();
    expect((await t.store.authTokens.get(ids.alice!, id))?.lastUsedAt).toBeTruthy();
    const res = await admin.post(`/api/users/${ids.alice}/auth-tokens/${id}/regenerate`).set(SAME_ORIGIN);
    expect(res.body.lastUsedAt).toBeNull();
  });

  it('shows a use of the regenerated secret at once, though the old one was written less than a minute ago', async () => {
    const { token, id } = await mint(ids.alice!);
    expect((await whoami('bearer', token)).status).toBe(200);
    await t.tessera.lastUse.flush();
    const regenerated = await admin.post(`/api/users/${ids.alice}/auth-tokens/${id}/regenerate`).set(SAME_ORIGIN);
    expect(regenerated.status).toBe(200);
    expect((await whoami('bearer', regenerated.body.token as string)).status).toBe(200);
    await t.tessera.lastUse.flush();
    expect((await t.store.authTokens.get(ids.alice!, id))?.lastUsedAt).toBeTruthy();
  });

  it('does not carry a use of the old secret, still held in memory, over to the regenerated token', async () => {
    const { token, id } = await mint(ids.alice!);
    expect((await whoami('bearer', token)).status).toBe(200);
    const res = await admin.post(`/api/users/${ids.alice}/auth-tokens/${id}/regenerate`).set(SAME_ORIGIN);
    expect(res.status).toBe(200);
    const listed = await admin.get(`/api/users/${ids.alice}/auth-tokens`);
    expect(
      (listed.body.items as { id: string; lastUsedAt: string | null }[]).find((i) => i.id === id)?.lastUsedAt,
    ).toBeNull();
    await t.tessera.lastUse.flush();
    expect((await t.store.authTokens.get(ids.alice!, id))?.lastUsedAt).toBeNull();
  });
});

describe.each(backends)('last use on shutdown (%s)', (kind) => {
  it('flushes what is held in memory when the app shuts down', async () => {
    const t = await startTestApp(kind, { TESSERA_LAST_USED_FLUSH_MS: '3600000' });
    try {
      const agent = await t.signIn();
      const { token, id } = await t.createToken(agent);
      expect((await t.http.get('/api/whoami').set('X-Auth-Token', token)).status).toBe(200);
      const owner = (await agent.get('/api/whoami')).body.id as string;
      expect((await t.store.authTokens.get(owner, id))?.lastUsedAt).toBeNull();
      await t.tessera.shutdown();
      expect((await t.store.authTokens.get(owner, id))?.lastUsedAt).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});
