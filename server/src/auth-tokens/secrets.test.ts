import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const ALICE_PASSWORD = 'alice-very-secret-password-1';
const WRONG_PASSWORD = 'a-wrong-password-that-must-vanish';

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The session id inside a signed `tessera.sid=s%3A<id>.<signature>` cookie. */
function sessionId(setCookie: string[] | string | undefined): string {
  const raw = String(setCookie).match(/tessera\.sid=([^;]+)/)![1]!;
  return decodeURIComponent(raw).slice(2).split('.')[0]!;
}

describe.each(backends)('a token secret leaves the server exactly once (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: TestAgent;
  let aliceId: string;
  const secrets: string[] = [];
  const sessionIds: string[] = [];
  /** Every response body that is not a create or regenerate answer. */
  const otherBodies: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind);
    aliceId = await t.createUser('alice', { password: ALICE_PASSWORD });
    admin = await t.signIn();
    alice = await t.signIn('alice', ALICE_PASSWORD);
    const cookieRes = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'alice', password: ALICE_PASSWORD });
    sessionIds.push(sessionId(cookieRes.headers['set-cookie']));
    await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'alice', password: WRONG_PASSWORD });

    // The secret-bearing answers: create by the owner, create by an administrator, regenerate.
    const own = await alice.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'own' });
    const forAlice = await admin
      .post(`/api/users/${aliceId}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: 'delivered by the admin' });
    const regenerated = await alice.post(`/api/users/me/auth-tokens/${own.body.id}/regenerate`).set(SAME_ORIGIN);
    for (const res of [own, forAlice, regenerated]) {
      expect(res.status).toBeLessThan(300);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.token).toMatch(/^tsr_/);
      secrets.push(res.body.token as string);
    }
    const [old, delivered, current] = secrets as [string, string, string];

    // Use the live tokens through every header, and the dead one too.
    const basic = (tok: string) => `Basic ${Buffer.from(`alice:${tok}`).toString('base64')}`;
    const reads = [
      t.http.get('/api/whoami').set('Authorization', `Bearer ${current}`),
      t.http.get('/api/users/me/auth-tokens').set('X-Auth-Token', delivered),
      t.http.get(`/api/users/me/auth-tokens/${forAlice.body.id}`).set('Authorization', basic(current)),
      t.http.get('/api/whoami').set('Authorization', `Bearer ${old}`),
      t.http.get('/api/users/me/auth-tokens').set('Authorization', basic(old)),
      alice.get('/api/users/me/auth-tokens'),
      alice.get(`/api/users/me/auth-tokens/${own.body.id}`),
      admin.get(`/api/users/${aliceId}/auth-tokens`),
      admin.get(`/api/users/${aliceId}/auth-tokens/${forAlice.body.id}`),
      alice.patch(`/api/users/me/auth-tokens/${own.body.id}`).set(SAME_ORIGIN).send({ description: 'renamed' }),
      admin.get('/api/users').query({ search: 'alice' }),
      alice.get('/api/session'),
    ];
    for (const res of await Promise.all(reads)) otherBodies.push(res.text);
    await t.tessera.lastUse.flush();
  });
  afterAll(async () => t.close());

  it('sends the secret in no list, get, edit or error response', () => {
    expect(otherBodies.length).toBeGreaterThan(10);
    for (const body of otherBodies) for (const secret of secrets) expect(body).not.toContain(secret);
    // The lists did show the tokens, by hint only.
    expect(otherBodies.join('\n')).toContain(`tsr_…${secrets[2]!.slice(-4)}`);
  });

  it('writes no secret, password or session id to any log line', () => {
    const logs = t.logs.text;
    expect(t.logs.lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(logs).not.toContain(secret);
    for (const pw of [ALICE_PASSWORD, ADMIN_PASSWORD, WRONG_PASSWORD]) expect(logs).not.toContain(pw);
    for (const sid of sessionIds) expect(logs).not.toContain(sid);
  });

  it.runIf(kind === 'sqlite')('keeps no secret, password or session id in any file of the data directory', () => {
    const files = filesUnder(t.dataDir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    const needles = [...secrets, ALICE_PASSWORD, ADMIN_PASSWORD, WRONG_PASSWORD, ...sessionIds];
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const needle of needles) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle.slice(0, 6)}… in ${path.basename(file)}`).toBe(
          false,
        );
      }
    }
    // The search can find things: the description written in the same transaction as a token is there.
    expect(files.some((f) => fs.readFileSync(f).includes(Buffer.from('delivered by the admin')))).toBe(true);
  });
});
