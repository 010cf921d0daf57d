import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openBackends, type Backends } from '../backends.js';
import { ADMIN_PASSWORD, LogCapture, SAME_ORIGIN } from '../test-support/harness.js';
import { connectRedis, type RedisClient } from './redis-session-store.js';

const redisUrl = process.env.TEST_REDIS_URL;
const SECRET = 'shared-session-secret-for-both-replicas';

/** Two apps over one store and one Redis, opened the way main.ts opens them: two replicas in one process. */
describe.skipIf(!redisUrl)('sessions in Redis (REDIS_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-redis-'));
  let backends: Backends;
  let a: Tessera;
  let b: Tessera;
  let redis: RedisClient;
  const logs = new LogCapture();

  beforeAll(async () => {
    const config = testConfig({ TESSERA_DATA_DIR: dataDir, REDIS_URL: redisUrl!, TESSERA_LOG_LEVEL: 'info' });
    const logger = createLogger(config.logLevel, logs);
    backends = await openBackends(config, logger);
    expect(backends.sessionStore).toBeDefined();
    const deps = { config, logger, sessionSecret: SECRET, ...backends };
    a = createApp(deps);
    b = createApp(deps);
    await a.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
    redis = await connectRedis(redisUrl!, () => {});
  });
  afterAll(async () => {
    // Leave nothing behind in a Redis that other runs share.
    const users = (await backends?.store.users.list({ limit: 100 }))?.users ?? [];
    for (const u of users) await backends.sessionRevocation.revokeAllOf(u.id);
    await a?.shutdown();
    await b?.shutdown();
    await backends?.close();
    await redis?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (app: Tessera, username: string, password: string) => {
    const agent = request.agent(app.app);
    const res = await agent.post('/api/session').set(SAME_ORIGIN).send({ username, password });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { agent, cookie, sid: decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]! };
  };

  it('keeps a session made on one replica valid on the other, under a digest of its id', async () => {
    const { cookie, sid } = await signIn(a, 'admin', ADMIN_PASSWORD);
    const onB = await request(b.app).get('/api/whoami').set('Cookie', cookie);
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({ username: 'admin', authenticatedBy: 'session' });
    expect(await redis.exists(`tessera:sess:${sid}`)).toBe(0);
    const keys = await redis.keys('tessera:sess:*');
    expect(keys.some((k) => k.includes(sid))).toBe(false);
    expect(logs.text).not.toContain(sid);

    await request(b.app).delete('/api/session').set('Cookie', cookie).set(SAME_ORIGIN).expect(204);
    expect((await request(a.app).get('/api/whoami').set('Cookie', cookie)).status).toBe(401);
  });

  it('ends all of a user’s sessions on every replica when an administrator resets the password', async () => {
    const admin = await signIn(a, 'admin', ADMIN_PASSWORD);
    const created = await admin.agent
      .post('/api/users')
      .set(SAME_ORIGIN)
      .send({ username: 'redis-user', password: 'redis-user-password-1', role: 'user' });
    expect(created.status).toBe(201);
    const s1 = await signIn(a, 'redis-user', 'redis-user-password-1');
    const s2 = await signIn(b, 'redis-user', 'redis-user-password-1');
    expect((await request(b.app).get('/api/whoami').set('Cookie', s1.cookie)).status).toBe(200);

    const reset = await admin.agent
      .patch(`/api/users/${(created.body as { id: string }).id}`)
      .set(SAME_ORIGIN)
      .send({ password: 'a-brand-new-password-2' });
    expect(reset.status).toBe(200);
    expect((await request(b.app).get('/api/whoami').set('Cookie', s1.cookie)).status).toBe(401);
    expect((await request(a.app).get('/api/whoami').set('Cookie', s2.cookie)).status).toBe(401);
    expect((await request(b.app).get('/api/whoami').set('Cookie', admin.cookie)).status).toBe(200);
  });

  it('lists a user’s sessions from the per-user index on any replica, ends one and the others', async () => {
    const admin = await signIn(a, 'admin', ADMIN_PASSWORD);
    const created = await admin.agent
      .post('/api/users')
      .set(SAME_ORIGIN)
      .send({ username: 'redis-lister', password: 'redis-lister-password-1', role: 'user' });
    expect(created.status).toBe(201);
    const s1 = await signIn(a, 'redis-lister', 'redis-lister-password-1');
    const s2 = await signIn(b, 'redis-lister', 'redis-lister-password-1');
    const s3 = await signIn(a, 'redis-lister', 'redis-lister-password-1');
    type Item = { id: string; current: boolean; ip: string | null };
    const list = async (app: Tessera, cookie: string) =>
      ((await request(app.app).get('/api/users/me/sessions').set('Cookie', cookie)).body as { items: Item[] }).items;
    const fromB = await list(b, s1.cookie);
    expect(fromB).toHaveLength(3);
    expect(fromB.filter((s) => s.current)).toHaveLength(1);
    // The handle is neither the session id nor its digest (the Redis key).
    for (const item of fromB) {
      expect([s1.sid, s2.sid, s3.sid]).not.toContain(item.id);
      expect(await redis.exists(`tessera:sess:${item.id}`)).toBe(0);
    }
    const s2Handle = (await list(a, s2.cookie)).find((s) => s.current)!.id;
    const one = await request(a.app)
      .delete(`/api/users/me/sessions/${s2Handle}`)
      .set('Cookie', s1.cookie)
      .set(SAME_ORIGIN);
    expect(one.status).toBe(204);
    expect((await request(b.app).get('/api/whoami').set('Cookie', s2.cookie)).status).toBe(401);
    expect(await list(a, s1.cookie)).toHaveLength(2);

    const rest = await request(b.app).delete('/api/users/me/sessions').set('Cookie', s1.cookie).set(SAME_ORIGIN);
    expect(rest.body).toEqual({ ended: 1 });
    expect((await request(a.app).get('/api/whoami').set('Cookie', s3.cookie)).status).toBe(401);
    expect((await request(a.app).get('/api/whoami').set('Cookie', s1.cookie)).status).toBe(200);
    expect(await list(b, s1.cookie)).toHaveLength(1);

    // An administrator sees and ends them from either replica.
    const userId = (created.body as { id: string }).id;
    expect(((await admin.agent.get(`/api/users/${userId}/sessions`)).body as { items: Item[] }).items).toHaveLength(1);
    expect((await admin.agent.delete(`/api/users/${userId}/sessions`).set(SAME_ORIGIN)).body).toEqual({ ended: 1 });
    expect((await request(b.app).get('/api/whoami').set('Cookie', s1.cookie)).status).toBe(401);
  });

  it('keeps the current session and ends the others in Redis when one changes one’s own password', async () => {
    const admin = await signIn(a, 'admin', ADMIN_PASSWORD);
    const created = await admin.agent
      .post('/api/users')
      .set(SAME_ORIGIN)
      .send({ username: 'redis-changer', password: 'redis-changer-password-1', role: 'user' });
    expect(created.status).toBe(201);
    const s1 = await signIn(a, 'redis-changer', 'redis-changer-password-1');
    const s2 = await signIn(b, 'redis-changer', 'redis-changer-password-1');
    const res = await s1.agent
      .post('/api/users/me/password')
      .set(SAME_ORIGIN)
      .send({ currentPassword: 'redis-changer-password-1', newPassword: 'redis-changer-password-2' });
    expect(res.status).toBe(204);
    expect((await request(b.app).get('/api/whoami').set('Cookie', s2.cookie)).status).toBe(401);
    expect((await request(b.app).get('/api/whoami').set('Cookie', s1.cookie)).status).toBe(200);
  });

  it('reports Redis in readiness', async () => {
    expect((await request(a.app).get('/api/ready')).body).toEqual({ status: 'ready' });
  });
});
