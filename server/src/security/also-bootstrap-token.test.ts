import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import { LogCapture, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Also found: the bootstrap token could not be turned off without a restart, and nothing showed it being used.
const BOOTSTRAP = 'bootstrap-also-0123456789abcdefghijklmnopqrstuvwxyz';
const SAME_LENGTH_GUESS = 'x'.repeat(BOOTSTRAP.length);
const PATH = '/api/settings/bootstrap-token';

describe.each(backends)('the bootstrap token at run time (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });

  const withBootstrap = (app = t.tessera.app) =>
    request(app).get('/api/whoami').set('Authorization', `Bearer ${BOOTSTRAP}`);

  /** Another replica on the same database: it reads the switch from there, not from memory. */
  function replica() {
    return createApp({
      config: t.config,
      store: t.store,
      logger: createLogger('silent', new LogCapture()),
      sessionSecret: 'test-session-secret-that-is-long-enough',
    });
  }

  it('shows administrators that it is configured, on, and when and from where it was last used; each use audited', async () => {
    const admin = await t.signIn();
    expect((await admin.get(PATH)).body).toEqual({
      configured: true,
      enabled: true,
      lastUsedAt: null,
      lastUsedIp: null,
    });
    const before = Date.now();
    const used = await withBootstrap();
    expect(used.status).toBe(200);
    expect(used.body.authenticatedBy).toBe('bootstrap-token');
    const status = (await admin.get(PATH)).body as { lastUsedAt: string; lastUsedIp: string };
    expect(Date.parse(status.lastUsedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(status.lastUsedIp).toMatch(/127\.0\.0\.1/);

    const uses = (await admin.get('/api/activity?action=bootstrap_token.use')).body.items;
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({
      outcome: 'success',
      actor: { id: null, username: 'bootstrap token' },
      target: { username: 'admin' },
      details: { via: 'bootstrap-token', method: 'GET', path: '/api/whoami', actingAs: 'admin' },
    });
    expect(JSON.stringify(uses)).not.toContain(BOOTSTRAP);
    expect(t.logs.text).not.toContain(BOOTSTRAP);

    // Administrators only; nobody signed out.
    await t.createUser('bob');
    const bob = await t.signIn('bob', 'bob-password-123');
    expect((await bob.get(PATH)).status).toBe(403);
    expect((await bob.patch(PATH).set(SAME_ORIGIN).send({ enabled: false })).status).toBe(403);
    expect((await t.http.get(PATH)).status).toBe(401);
    expect((await withBootstrap()).status).toBe(200);
  });

  it('turned off by an administrator: refused like an unknown token on every replica, no restart, until turned on', async () => {
    const admin = await t.signIn();
    const other = replica();
    try {
      expect((await withBootstrap(other.app)).status).toBe(200);
      const off = await admin.patch(PATH).set(SAME_ORIGIN).send({ enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ configured: true, enabled: false });

      const refused = await withBootstrap();
      const unknown = await request(t.tessera.app)
        .get('/api/whoami')
        .set('Authorization', `Bearer ${SAME_LENGTH_GUESS}`);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(unknown.body);
      expect(refused.headers['www-authenticate']).toBe(unknown.headers['www-authenticate']);
      expect((await withBootstrap(other.app)).status).toBe(401);
      // GoodData's own surface, where the bootstrap token is meant to be used, refuses it too.
      const gooddata = await request(t.tessera.app)
        .post('/api/v1/entities/users/admin/apiTokens')
        .set('Authorization', `Bearer ${BOOTSTRAP}`)
        .set('Content-Type', 'application/vnd.gooddata.api+json')
        .send(JSON.stringify({ data: { id: 'while-off', type: 'apiToken' } }));
      expect(gooddata.status).toBe(401);
      // It cannot turn itself back on.
      const self = await request(t.tessera.app)
        .patch(PATH)
        .set('Authorization', `Bearer ${BOOTSTRAP}`)
        .send({ enabled: true });
      expect(self.status).toBe(401);
      // A fresh app on the same database (a restart) keeps it off.
      const restarted = replica();
      expect((await withBootstrap(restarted.app)).status).toBe(401);
      await restarted.shutdown();

      const on = await admin.patch(PATH).set(SAME_ORIGIN).send({ enabled: true });
      expect(on.body).toMatchObject({ enabled: true });
      expect((await withBootstrap()).status).toBe(200);
      expect((await withBootstrap(other.app)).status).toBe(200);

      const updates = (await admin.get('/api/activity?action=bootstrap_token.update')).body.items;
      expect(updates.map((e: { details: { enabled: boolean; was: boolean } }) => e.details)).toEqual([
        expect.objectContaining({ enabled: true, was: false }),
        expect.objectContaining({ enabled: false, was: true }),
      ]);
      expect(updates[0].actor.username).toBe('admin');
      const refusals = (await admin.get('/api/activity?action=bootstrap_token.use')).body.items.filter(
        (e: { outcome: string }) => e.outcome === 'failure',
      );
      expect(refusals.length).toBeGreaterThanOrEqual(4);
      expect(refusals[0].details).toMatchObject({ reason: 'turned_off' });
    } finally {
      await other.shutdown();
    }
  });

  it('asks a session that signed in long ago to confirm it is them before turning it off, and refuses bad input', async () => {
    const admin = await t.signIn();
    expect((await admin.patch(PATH).set(SAME_ORIGIN).send({ enabled: 'no' })).status).toBe(400);
    expect((await admin.patch(PATH).set(SAME_ORIGIN).send({})).status).toBe(400);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 16 * 60_000 });
    const stale = await admin.patch(PATH).set(SAME_ORIGIN).send({ enabled: false });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('reauthentication_required');
    vi.useRealTimers();
    expect((await admin.get(PATH)).body.enabled).toBe(true);
    expect((await withBootstrap()).status).toBe(200);
  });
});

describe('the bootstrap token when none is configured', () => {
  it('says so; turning it off is kept for when one is', async () => {
    const t = await startTestApp('sqlite');
    try {
      const admin = await t.signIn();
      expect((await admin.get(PATH)).body).toEqual({
        configured: false,
        enabled: true,
        lastUsedAt: null,
        lastUsedIp: null,
      });
      expect((await admin.patch(PATH).set(SAME_ORIGIN).send({ enabled: false })).body).toMatchObject({
        configured: false,
        enabled: false,
      });
    } finally {
      await t.close();
    }
  });
});
