import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { ageAuthentication } from '../test-support/sessions.js';

interface Listed {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}
const items = (res: { body: unknown }) => (res.body as { items: Listed[] }).items;

describe.each(backends)('own sessions and an administrator’s view of a user’s (%s)', (kind) => {
  let t: TestApp;
  let userId: string;
  const PASSWORD = 'session-user-password-1';
  beforeEach(async () => {
    t = await startTestApp(kind);
    userId = await t.createUser('sessuser', { password: PASSWORD });
  });
  afterEach(async () => t.close());

  it('lists one’s sessions with an opaque id, address, browser and times, marking the current one', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    const b = await t.signIn('sessuser', PASSWORD);
    const res = await a.get('/api/users/me/sessions');
    expect(res.status).toBe(200);
    const list = items(res);
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    for (const s of list) {
      expect(s.id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expect(Date.parse(s.createdAt)).not.toBeNaN();
      expect(Date.parse(s.lastSeenAt)).not.toBeNaN();
      expect(s.ip).toBeTruthy();
    }
    // The id is not the cookie's session id, nor in it.
    const cookie = String((await b.get('/api/session')).headers['set-cookie'] ?? '');
    for (const s of list) expect(cookie).not.toContain(s.id);
    // The other browser sees the same two, its own marked current.
    const fromB = items(await b.get('/api/users/me/sessions'));
    expect(fromB.find((s) => s.current)!.id).not.toBe(list.find((s) => s.current)!.id);
  });

  it('signs one session out (204), then 404 for it, for an unknown id and for another user’s', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    const b = await t.signIn('sessuser', PASSWORD);
    const other = items(await a.get('/api/users/me/sessions')).find((s) => !s.current)!;
    expect((await a.delete(`/api/users/me/sessions/${other.id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await b.get('/api/whoami')).status).toBe(401);
    expect((await a.get('/api/whoami')).status).toBe(200);
    expect((await a.delete(`/api/users/me/sessions/${other.id}`).set(SAME_ORIGIN)).status).toBe(404);
    expect((await a.delete('/api/users/me/sessions/no-such-session').set(SAME_ORIGIN)).status).toBe(404);
    const admin = await t.signIn();
    const adminSession = items(await admin.get('/api/users/me/sessions')).find((s) => s.current)!;
    const res = await a.delete(`/api/users/me/sessions/${adminSession.id}`).set(SAME_ORIGIN);
    expect(res.status).toBe(404);
    expect((await admin.get('/api/whoami')).status).toBe(200);
  });

  it('signing out the current session by id ends it', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    const current = items(await a.get('/api/users/me/sessions')).find((s) => s.current)!;
    expect((await a.delete(`/api/users/me/sessions/${current.id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect((await a.get('/api/whoami')).status).toBe(401);
  });

  it('signs out everywhere else, keeping the current session, and audits it', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    const b = await t.signIn('sessuser', PASSWORD);
    const c = await t.signIn('sessuser', PASSWORD);
    const res = await a.delete('/api/users/me/sessions').set(SAME_ORIGIN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 2 });
    expect((await b.get('/api/whoami')).status).toBe(401);
    expect((await c.get('/api/whoami')).status).toBe(401);
    expect((await a.get('/api/whoami')).status).toBe(200);
    expect(items(await a.get('/api/users/me/sessions'))).toHaveLength(1);
    const admin = await t.signIn();
    const activity = await admin.get(`/api/users/${userId}/activity?action=session.revoke`);
    expect(activity.status).toBe(200);
    expect(JSON.stringify(activity.body)).toContain('session.revoke');
  });

  it('asks an old session to confirm it’s you before ending other sessions (ASVS 7.5.2), and ends nothing until then', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    const b = await t.signIn('sessuser', PASSWORD);
    const other = items(await a.get('/api/users/me/sessions')).find((s) => !s.current)!;
    await ageAuthentication(t.store, userId);
    const all = await a.delete('/api/users/me/sessions').set(SAME_ORIGIN);
    expect(all.status).toBe(401);
    expect(all.body).toMatchObject({ code: 'reauthentication_required' });
    const one = await a.delete(`/api/users/me/sessions/${other.id}`).set(SAME_ORIGIN);
    expect(one.status).toBe(401);
    expect((await b.get('/api/whoami')).status).toBe(200);
    await a.post('/api/session/reauthenticate').set(SAME_ORIGIN).send({ password: PASSWORD }).expect(204);
    expect((await a.delete('/api/users/me/sessions').set(SAME_ORIGIN)).body).toEqual({ ended: 1 });
    expect((await b.get('/api/whoami')).status).toBe(401);
  });

  it('lets an administrator list and end a user’s sessions; hides them from anyone else', async () => {
    const user = await t.signIn('sessuser', PASSWORD);
    await t.signIn('sessuser', PASSWORD);
    const admin = await t.signIn();
    const listed = await admin.get(`/api/users/${userId}/sessions`);
    expect(listed.status).toBe(200);
    expect(items(listed)).toHaveLength(2);
    expect(items(listed).every((s) => !s.current)).toBe(true);

    const adminId = ((await admin.get('/api/users/me')).body as { id: string }).id;
    expect((await user.get(`/api/users/${adminId}/sessions`)).status).toBe(404);
    expect((await user.delete(`/api/users/${adminId}/sessions`).set(SAME_ORIGIN)).status).toBe(404);
    expect((await t.http.get(`/api/users/${userId}/sessions`)).status).toBe(401);

    const one = items(listed)[0]!;
    expect((await admin.delete(`/api/users/${userId}/sessions/${one.id}`).set(SAME_ORIGIN)).status).toBe(204);
    expect(items(await admin.get(`/api/users/${userId}/sessions`))).toHaveLength(1);
    const all = await admin.delete(`/api/users/${userId}/sessions`).set(SAME_ORIGIN);
    expect(all.body).toEqual({ ended: 1 });
    expect((await user.get('/api/whoami')).status).toBe(401);
    expect((await admin.get('/api/whoami')).status).toBe(200);
  });

  it('refuses a cross-site sign-out and a malformed id', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    expect((await a.delete('/api/users/me/sessions').set('Sec-Fetch-Site', 'cross-site')).status).toBe(403);
    expect((await a.delete('/api/users/me/sessions/bad%20id!').set(SAME_ORIGIN)).status).toBe(400);
  });

  it('records the user agent and never writes the session id into the listing or the log', async () => {
    const res = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0')
      .send({ username: 'sessuser', password: PASSWORD });
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const sid = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
    const list = await t.http.get('/api/users/me/sessions').set('Cookie', cookie);
    expect(items(list)[0]!.userAgent).toBe('Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0');
    expect(JSON.stringify(list.body)).not.toContain(sid);
    expect(t.logs.text).not.toContain(sid);
  });

  it('refreshes lastSeenAt at most once a minute, and names a session from before the list existed', async () => {
    const a = await t.signIn('sessuser', PASSWORD);
    const rewrite = async (change: (data: Record<string, unknown>) => void) => {
      const now = new Date().toISOString();
      const [row] = await t.store.sessions.listOfUser(userId, now);
      const stored = await t.store.sessions.get(row!.sidDigest, now);
      const data = JSON.parse(row!.data) as Record<string, unknown>;
      change(data);
      await t.store.sessions.set(row!.sidDigest, userId, JSON.stringify(data), stored!.expiresAt);
    };
    const seen = async () => Date.parse(items(await a.get('/api/users/me/sessions'))[0]!.lastSeenAt);

    // Seen 30 s ago: a request does not write it again.
    const recent = Date.now() - 30_000;
    await rewrite((d) => (d.lastSeenAt = recent));
    expect(await seen()).toBe(recent);
    // Seen 2 minutes ago: the next request refreshes it.
    await rewrite((d) => (d.lastSeenAt = Date.now() - 120_000));
    await a.get('/api/whoami');
    expect(await seen()).toBeGreaterThan(Date.now() - 10_000);

    // A session stored before handles existed gets one on its next request, and is listed.
    await rewrite((d) => {
      delete d.handle;
      delete d.lastSeenAt;
    });
    const listed = items(await a.get('/api/users/me/sessions'));
    expect(listed).toHaveLength(1);
    expect(listed[0]!.current).toBe(true);
    expect(listed[0]!.id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it('keeps the admin’s own sessions when listing from a token (none is current)', async () => {
    const admin = await t.signIn('admin', ADMIN_PASSWORD);
    const { token } = await t.createToken(admin);
    const res = await t.http.get('/api/users/me/sessions').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(items(res).length).toBeGreaterThanOrEqual(1);
    expect(items(res).every((s) => !s.current)).toBe(true);
  });
});
