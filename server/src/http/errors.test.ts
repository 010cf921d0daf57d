import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const PROBLEM = /^application\/problem\+json/;

describe.each(backends)('one error path answering problem+json (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let aliceId: string;

  /** What a refused request must leave untouched. */
  const snapshot = async () => ({
    users: await t.store.users.count(),
    aliceTokens: await t.store.authTokens.count(aliceId),
    alice: await t.store.users.get(aliceId),
  });

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    aliceId = await t.createUser('alice');
  });
  afterAll(async () => t.close());

  it('answers an unknown /api route with a 404 problem, for anonymous and signed-in callers alike', async () => {
    for (const res of [
      await t.http.get('/api/no-such-thing'),
      await admin.delete('/api/nope/deeper').set(SAME_ORIGIN),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({
        type: 'https://tessera.dev/problems/not_found',
        title: 'Not found',
        status: 404,
        code: 'not_found',
      });
      expect(typeof res.body.detail).toBe('string');
    }
  });

  it('answers malformed JSON with a 400 problem and changes nothing', async () => {
    const before = await snapshot();
    const res = await admin
      .post('/api/users')
      .set(SAME_ORIGIN)
      .set('Content-Type', 'application/json')
      .send('{"username": "mallory", "password": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 400, code: 'malformed_body' });
    expect(await snapshot()).toEqual(before);
  });

  it('answers a body over the limit with 413 and changes nothing', async () => {
    const before = await snapshot();
    const res = await admin
      .post(`/api/users/${aliceId}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(await snapshot()).toEqual(before);
  });

  it('answers wrong types with a 400 listing every bad field, and changes nothing', async () => {
    const before = await snapshot();
    const res = await admin
      .post('/api/users')
      .set(SAME_ORIGIN)
      .send({ username: 42, password: true, role: 'emperor', apiTokensEnabled: 'yes' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('invalid_request');
    const paths = (res.body.errors as { path: string; message: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'password', 'role', 'apiTokensEnabled']));
    for (const e of res.body.errors as { message: unknown }[]) expect(typeof e.message).toBe('string');

    const patch = await admin.patch(`/api/users/${aliceId}`).set(SAME_ORIGIN).send({ disabled: 'true', role: 1 });
    expect(patch.status).toBe(400);
    expect((patch.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['disabled', 'role']),
    );

    const token = await admin
      .post(`/api/users/${aliceId}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: ['a'], expiresAt: 12 });
    expect(token.status).toBe(400);
    expect((token.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['description', 'expiresAt']),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses fields it does not know instead of ignoring them', async () => {
    const before = await snapshot();
    const res = await admin.patch(`/api/users/${aliceId}`).set(SAME_ORIGIN).send({ passwordHash: 'x', isRoot: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(await snapshot()).toEqual(before);
  });

  it('turns an unexpected failure into a 500 that leaks nothing and logs the cause', async () => {
    const spy = vi.spyOn(t.store.users, 'list').mockRejectedValueOnce(new Error('relation "users" is on fire'));
    try {
      const res = await admin.get('/api/users');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 500, code: 'internal_error' });
      expect(JSON.stringify(res.body)).not.toContain('on fire');
      expect(JSON.stringify(res.body)).not.toMatch(/stack|at .*\.ts/);
      expect(t.logs.text).toContain('on fire');
    } finally {
      spy.mockRestore();
    }
  });

  it('sends problems with no-store caching, like every API answer', async () => {
    const res = await t.http.get('/api/users');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
  });
});
