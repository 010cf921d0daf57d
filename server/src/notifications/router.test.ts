import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewNotification } from '../store/notifications.js';
import { encodeCursor } from '../store/rows.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 19, point 5: the caller's own notifications — a page newest first with the unread count, marking one read or
// unread, marking all read. Another user's notification is 404; bad input is 400; errors are problem+json.
describe.each(backends)('GET/PATCH /api/users/me/notifications (%s)', (kind) => {
  let t: TestApp;
  let carol: string;
  let carolAgent: TestAgent;
  let dave: TestAgent;
  const ids: string[] = [];

  const seed = (userId: string, i: number): NewNotification => ({
    id: randomUUID(),
    userId,
    kind: 'token_expiring',
    message: `notice ${i}`,
    link: `/settings/auth-tokens?token=t${i}&action=regenerate`,
    tokenId: `t${i}`,
    createdAt: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString(),
    dedupeKey: `seed-${i}`,
  });

  beforeAll(async () => {
    t = await startTestApp(kind);
    carol = await t.createUser('carol');
    await t.createUser('dave');
    carolAgent = await t.signIn('carol', 'carol-password-123');
    dave = await t.signIn('dave', 'dave-password-123');
    const list = [0, 1, 2, 3, 4].map((i) => seed(carol, i));
    ids.push(...list.map((n) => n.id));
    expect(await t.store.notifications.add(list)).toBe(5);
    // The same keys again are dropped.
    expect(await t.store.notifications.add([seed(carol, 0), seed(carol, 1)])).toBe(0);
  });
  afterAll(() => t.close());

  it('lists newest first with the unread count, and pages by cursor', async () => {
    const res = await carolAgent.get('/api/users/me/notifications?limit=2');
    expect(res.status).toBe(200);
    expect(res.body.unread).toBe(5);
    expect(res.body.items).toEqual([
      {
        id: ids[4],
        kind: 'token_expiring',
        message: 'notice 4',
        createdAt: '2026-12-01T00:04:00.000Z',
        readAt: null,
        link: '/settings/auth-tokens?token=t4&action=regenerate',
        tokenId: 't4',
      },
      expect.objectContaining({ id: ids[3] }),
    ]);
    const seen = res.body.items.map((n: { id: string }) => n.id) as string[];
    let cursor = res.body.nextCursor as string | null;
    while (cursor) {
      const next = await carolAgent.get(`/api/users/me/notifications?limit=2&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...next.body.items.map((n: { id: string }) => n.id));
      cursor = next.body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('marks one read and unread again; ?unread=true leaves out the read ones', async () => {
    const read = await carolAgent.patch(`/api/users/me/notifications/${ids[2]}`).set(SAME_ORIGIN).send({ read: true });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ids[2], message: 'notice 2' });
    const readAt = read.body.readAt as string;
    expect(Date.parse(readAt)).toBeGreaterThan(0);
    // Reading it again keeps the first time it was read.
    const again = await carolAgent.patch(`/api/users/me/notifications/${ids[2]}`).set(SAME_ORIGIN).send({ read: true });
    expect(again.body.readAt).toBe(readAt);
    const unread = await carolAgent.get('/api/users/me/notifications?unread=true');
    expect(unread.body.unread).toBe(4);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(ids[2]);
    const back = await carolAgent.patch(`/api/users/me/notifications/${ids[2]}`).set(SAME_ORIGIN).send({ read: false });
    expect(back.body.readAt).toBeNull();
    expect((await carolAgent.get('/api/users/me/notifications')).body.unread).toBe(5);
  });

  it('answers 404 for another user’s notification, and never shows it to them', async () => {
    const res = await dave.patch(`/api/users/me/notifications/${ids[0]}`).set(SAME_ORIGIN).send({ read: true });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('not_found');
    expect((await dave.get('/api/users/me/notifications')).body).toEqual({ items: [], unread: 0, nextCursor: null });
    const unknown = await carolAgent
      .patch('/api/users/me/notifications/no-such-id')
      .set(SAME_ORIGIN)
      .send({ read: true });
    expect(unknown.status).toBe(404);
    // Dave's attempt changed nothing of carol's.
    expect((await carolAgent.get('/api/users/me/notifications')).body.unread).toBe(5);
  });

  it('refuses bad input with 400 naming the field', async () => {
    for (const body of [{ read: 'yes' }, {}, { read: true, extra: 1 }]) {
      const res = await carolAgent.patch(`/api/users/me/notifications/${ids[0]}`).set(SAME_ORIGIN).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // Control characters in the id or a cursor's parts are refused before they reach the database (PostgreSQL
    // refuses a NUL in text: that was a 500).
    for (const id of ['%00', 'a%00b', 'a%0Ab', '%7F']) {
      const res = await carolAgent.patch(`/api/users/me/notifications/${id}`).set(SAME_ORIGIN).send({ read: true });
      expect(res.status, id).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].path).toBe('id');
    }
    const nul = encodeCursor(['2026-12-01T00:04:00.000Z', '\u0000']);
    const badCursor = encodeCursor(['2026-12-01T00:04:00.000Z\u0000', ids[0]!]);
    for (const q of [
      '?limit=0',
      '?limit=101',
      '?unread=maybe',
      '?cursor=not-a-cursor',
      `?cursor=${nul}`,
      `?cursor=${badCursor}`,
    ]) {
      const res = await carolAgent.get(`/api/users/me/notifications${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.errors[0].path).toBe(q.slice(1).split('=')[0]);
    }
  });

  it('marks all read; a token with profile:read may read and mark, one without it may not', async () => {
    const reader = await t.createToken(carolAgent, 'me', { description: 'reader', scopes: ['profile:read'] });
    const writer = await t.createToken(carolAgent, 'me', { description: 'writer', scopes: ['tokens:read'] });
    const asReader = (path: string) => t.http.get(path).set('Authorization', `Bearer ${reader.token}`);
    expect((await asReader('/api/users/me/notifications')).body.unread).toBe(5);
    const denied = await t.http.get('/api/users/me/notifications').set('Authorization', `Bearer ${writer.token}`);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    const marked = await t.http.post('/api/users/me/notifications/read').set('Authorization', `Bearer ${reader.token}`);
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ marked: 5 });
    expect((await asReader('/api/users/me/notifications')).body.unread).toBe(0);
    expect((await carolAgent.post('/api/users/me/notifications/read').set(SAME_ORIGIN)).body).toEqual({ marked: 0 });
    // Unauthenticated: 401; a cross-site form post with the cookie: refused.
    expect((await t.http.get('/api/users/me/notifications')).status).toBe(401);
    const crossSite = await carolAgent.post('/api/users/me/notifications/read').set('Sec-Fetch-Site', 'cross-site');
    expect(crossSite.status).toBe(403);
  });
});
