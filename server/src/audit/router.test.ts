import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { ACTIVITY_ACTIONS } from './actions.js';
import type { AuditInput } from './service.js';

describe.each(backends)('activity API (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => t.close());

  it('shows a user their own token events with actor, target, time, IP and user agent', async () => {
    await t.createUser('alice');
    const alice = await t.signIn('alice', 'alice-password-123');
    const created = await t.createToken(alice);
    await alice.delete(`/api/users/me/auth-tokens/${created.id}`).set(SAME_ORIGIN).set('User-Agent', 'curl/8.5');
    const res = await alice.get('/api/users/me/activity');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const actions = res.body.items.map((e: { action: string }) => e.action);
    // Newest first; events in the same millisecond have no defined order, so compare as a set.
    expect([...actions].sort()).toEqual(['auth_token.create', 'auth_token.delete', 'session.sign_in', 'user.create']);
    expect(actions[actions.length - 1]).toBe('user.create');
    expect(res.body.items.find((e: { action: string }) => e.action === 'auth_token.delete')).toMatchObject({
      outcome: 'success',
      actor: { username: 'alice' },
      target: { username: 'alice' },
      tokenId: created.id,
      userAgent: 'curl/8.5',
      ip: expect.any(String),
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(JSON.stringify(res.body)).not.toContain(created.token);
  });

  it('lets only the owner and administrators see a user’s activity; others get 404', async () => {
    const aliceId = await t.createUser('alice');
    await t.createUser('bob');
    const bob = await t.signIn('bob', 'bob-password-123');
    const other = await bob.get(`/api/users/${aliceId}/activity`);
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await bob.get('/api/activity')).status).toBe(403);
    expect((await t.http.get('/api/activity')).status).toBe(401);
    const admin = await t.signIn();
    expect((await admin.get(`/api/users/${aliceId}/activity`)).status).toBe(200);
    expect((await admin.get('/api/users/nobody-here/activity')).status).toBe(404);
  });

  it('filters the organisation by user, action and time, and pages with a cursor', async () => {
    const aliceId = await t.createUser('alice');
    const alice = await t.signIn('alice', 'alice-password-123');
    for (let i = 0; i < 3; i++) await t.createToken(alice, 'me', { description: `t${i}` });
    const admin = await t.signIn();
    const byName = await admin.get('/api/activity?user=alice&action=auth_token.create&limit=2');
    expect(byName.body.items).toHaveLength(2);
    expect(byName.body.nextCursor).toEqual(expect.any(String));
    const next = await admin.get(
      `/api/activity?user=${aliceId}&action=auth_token.create&limit=2&cursor=${byName.body.nextCursor}`,
    );
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/api/activity?user=alice&since=${today}&until=${today}`)).body.items.length).toBe(5);
    expect((await admin.get('/api/activity?until=2000-01-01')).body.items).toHaveLength(0);
    expect((await admin.get('/api/activity?user=ghost')).body.items).toHaveLength(0);
    const bad = await admin.get('/api/activity?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
  });

  it('filters by one credential (a token details page’s activity), for its owner and across the organisation', async () => {
    const aliceId = await t.createUser('alice');
    const alice = await t.signIn('alice', 'alice-password-123');
    const kept = await t.createToken(alice, 'me', { description: 'kept' });
    const other = await t.createToken(alice, 'me', { description: 'other' });
    await alice.patch(`/api/users/me/auth-tokens/${kept.id}`).set(SAME_ORIGIN).send({ description: 'kept, renamed' });
    await alice.delete(`/api/users/me/auth-tokens/${other.id}`).set(SAME_ORIGIN);
    const own = await alice.get(`/api/users/me/activity?tokenId=${kept.id}`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'auth_token.create',
      'auth_token.update',
    ]);
    expect(own.body.items.every((e: { tokenId: string }) => e.tokenId === kept.id)).toBe(true);
    const admin = await t.signIn();
    const org = await admin.get(`/api/activity?tokenId=${other.id}&action=auth_token.delete`);
    expect(org.body.items).toHaveLength(1);
    expect((await admin.get(`/api/users/${aliceId}/activity?tokenId=${other.id}`)).body.items).toHaveLength(2);
    // Someone else's token id under your own activity finds nothing of theirs.
    await t.createUser('bob');
    const bob = await t.signIn('bob', 'bob-password-123');
    expect((await bob.get(`/api/users/me/activity?tokenId=${kept.id}`)).body.items).toHaveLength(0);
    for (const bad of ['a%20b', 'x'.repeat(65), '']) {
      const res = await alice.get(`/api/users/me/activity?tokenId=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.errors[0].path).toBe('tokenId');
    }
  });

  it('filters by any recorded action, OAuth and Keystone included, and refuses one it never records', async () => {
    const admin = await t.signIn();
    for (const action of ACTIVITY_ACTIONS) expect((await admin.get(`/api/activity?action=${action}`)).status).toBe(200);
    expect((await admin.get('/api/users/me/activity?action=oauth2_client.reset_secret')).status).toBe(200);
    for (const bad of ['token.nope', 'user.update%20', 'USER.UPDATE']) {
      const res = await admin.get(`/api/activity?action=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.errors[0].path).toBe('action');
    }
  });

  it('takes only a recorded action in the audit writer (a type test: tsc fails if the line compiles)', () => {
    // @ts-expect-error 'made.up' is not an ActivityAction
    const input: AuditInput = { action: 'made.up' };
    expect(ACTIVITY_ACTIONS).not.toContain(input.action);
  });

  it('exports CSV and JSON as attachments, neutralising spreadsheet formulas', async () => {
    await t.createUser('alice');
    const alice = await t.signIn('alice', 'alice-password-123');
    await alice.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).set('User-Agent', '=HYPERLINK("x")').send({
      description: 'ci, "deploy"',
    });
    const csv = await alice.get('/api/users/me/activity?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="tessera-activity-alice-.*\.csv"$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('time,action,outcome,actor,actorId,target,targetId,tokenId,ip,userAgent,details');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    const json = await alice.get('/api/users/me/activity?format=json');
    expect(json.headers['content-disposition']).toMatch(/\.json"$/);
    expect(JSON.parse(json.text).items).toHaveLength(3); // user.create, sign-in, token create
  });
});
