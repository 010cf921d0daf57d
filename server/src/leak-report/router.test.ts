import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, KEYSTONE_TOKEN_PREFIX } from '../lib/token-format.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const REPORT = '/api/credentials/revoke';
const ISSUER = 'http://tessera.test';
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

// Issue 20, point 5: the public leak report. A real token posted is dead at once, its owner notified with the source
// and the deletion audited; junk and unknown well-formed strings get the very same answer and change nothing.
describe.each(backends)('POST /api/credentials/revoke (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let erin: TestAgent;
  let erinId: string;

  const tokenCount = async () => (await erin.get('/api/users/me/auth-tokens')).body.items.length as number;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_LEAK_REPORTS_PER_15_MINUTES: '19', TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
    erinId = await t.createUser('erin');
    erin = await t.signIn('erin', 'erin-password-123');
  });
  afterAll(() => t.close());

  it('revokes a reported token at once, notifies its owner with the source, and audits it', async () => {
    const leaked = await t.createToken(erin, 'me', { description: 'CI deploy key' });
    const kept = await t.createToken(erin, 'me', { description: 'laptop' });
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${leaked.token}`)).status).toBe(200);

    // No credential, no Origin, no Sec-Fetch-Site: a scanner's plain POST.
    const res = await t.http
      .post(REPORT)
      .send({ tokens: [`  ${leaked.token}`, leaked.token], source: 'https://github.com/acme/app/blob/abc/.env' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'accepted' });

    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${leaked.token}`)).status).toBe(401);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${kept.token}`)).status).toBe(200);
    const ids = (await erin.get('/api/users/me/auth-tokens')).body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([kept.id]);

    await t.tessera.jobs.runNow('events.dispatch');
    const notes = (await erin.get('/api/users/me/notifications')).body.items as { kind: string; message: string }[];
    expect(notes).toContainEqual(
      expect.objectContaining({
        kind: 'credential_leaked',
        message:
          'Your token “CI deploy key” was reported as leaked (source: https://github.com/acme/app/blob/abc/.env) ' +
          'and revoked. Generate a new token for the scripts that used it.',
      }),
    );

    const audit = await admin.get('/api/activity?action=auth_token.leak_report&limit=5');
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'auth_token.leak_report',
      actor: { id: null, username: null },
      target: { id: erinId, username: 'erin' },
      tokenId: leaked.id,
      details: { leakReport: true, source: 'https://github.com/acme/app/blob/abc/.env', description: 'CI deploy key' },
    });
    // Nothing of the secret reaches the log or the audit.
    expect(t.logs.text).not.toContain(leaked.token);
    expect(JSON.stringify(audit.body)).not.toContain(leaked.token);
  });

  it('deletes a reported token that is suspended or revoked too (its secret must never come back)', async () => {
    const suspended = await t.createToken(erin, 'me', { description: 'suspended one' });
    const revoked = await t.createToken(erin, 'me', { description: 'revoked one' });
    expect((await erin.post(`/api/users/me/auth-tokens/${suspended.id}/suspend`).set(SAME_ORIGIN).send()).status).toBe(
      200,
    );
    const revocation = await admin
      .post('/api/auth-tokens/revocations')
      .set(SAME_ORIGIN)
      .send({ ids: [revoked.id], reason: 'offboarding' });
    expect(revocation.status).toBe(202);
    const before = await tokenCount();
    const res = await t.http.post(REPORT).send({ tokens: [suspended.token, revoked.token] });
    expect(res.status).toBe(202);
    expect(await tokenCount()).toBe(before - 2);
    // The undo of the revocation no longer brings the reported token back.
    await admin.post(`/api/auth-tokens/revocations/${revocation.body.id}/undo`).set(SAME_ORIGIN).send();
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${revoked.token}`)).status).toBe(401);
  });

  it('revokes a reported OAuth client secret and its access tokens; the client keeps its settings', async () => {
    const created = await erin
      .post('/api/users/me/oauth2-client-credentials')
      .set(SAME_ORIGIN)
      .send({ name: 'nightly export', scopes: [{ audience: ISSUER, scope: 'profile:read' }] });
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    const requestToken = () =>
      t.http
        .post('/oauth2/v1/token')
        .set('Authorization', basic(id, secret))
        .type('form')
        .send({ grant_type: 'client_credentials', scope: `${ISSUER}/profile:read` });
    const issued = await requestToken();
    expect(issued.status).toBe(200);
    const access = issued.body.access_token as string;
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${access}`)).status).toBe(200);

    const res = await t.http.post(REPORT).send({ tokens: [secret], source: 'pastebin' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'accepted' });

    expect((await requestToken()).status).toBe(401);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${access}`)).status).toBe(401);
    const kept = await erin.get(`/api/users/me/oauth2-client-credentials/${id}`);
    expect(kept.body).toMatchObject({ id, name: 'nightly export' });
    expect(JSON.stringify(kept.body)).not.toContain(secret);

    await t.tessera.jobs.runNow('events.dispatch');
    const notes = (await erin.get('/api/users/me/notifications')).body.items as { message: string }[];
    expect(notes.map((n) => n.message)).toContain(
      'The secret of your OAuth 2.0 client “nightly export” was reported as leaked (source: pastebin) and revoked, ' +
        'with every access token obtained with it. Reset the secret to get a new one.',
    );
    const audit = await admin.get('/api/activity?action=oauth2_client.leak_report&limit=5');
    expect(audit.body.items).toEqual([
      expect.objectContaining({ tokenId: id, details: expect.objectContaining({ leakReport: true }) }),
    ]);
  });

  it('revokes a reported Keystone token at once and tells its owner', async () => {
    const issued = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'erin', password: 'erin-password-123', domain: { name: 'Default' } } },
        },
      },
    });
    expect(issued.status).toBe(201);
    const token = issued.headers['x-subject-token'] as string;
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', token)).status).toBe(200);

    expect((await t.http.post(REPORT).send({ tokens: [token] })).status).toBe(202);

    expect((await t.http.get('/api/whoami').set('X-Auth-Token', token)).status).toBe(401);
    const notes = (await erin.get('/api/users/me/notifications')).body.items as { kind: string; message: string }[];
    expect(notes).toContainEqual(
      expect.objectContaining({
        kind: 'credential_leaked',
        message: expect.stringMatching(/^A Keystone token of yours \(issued .+\) was reported as leaked and revoked\./),
      }),
    );
  });

  it('answers junk, unknown and real tokens alike and changes nothing for the first two', async () => {
    const before = await tokenCount();
    const audited = async () =>
      (await admin.get('/api/activity?action=auth_token.leak_report&limit=50')).body.items.length as number;
    const auditedBefore = await audited();
    const unknown = generateToken();
    const junk = [
      'hello',
      'tsr_' + 'a'.repeat(36),
      '',
      'x'.repeat(200),
      generateToken(KEYSTONE_TOKEN_PREFIX),
      generateToken('tsc_'),
    ];
    const a = await t.http.post(REPORT).send({ tokens: junk });
    const b = await t.http.post(REPORT).send({ tokens: [unknown] });
    const real = await t.createToken(erin, 'me', { description: 'real one' });
    const c = await t.http.post(REPORT).send({ tokens: [real.token] });
    for (const r of [a, b, c]) {
      expect(r.status).toBe(202);
      expect(r.text).toBe(a.text);
      expect(r.headers['content-type']).toBe(a.headers['content-type']);
    }
    expect(await tokenCount()).toBe(before);
    // The real one alone was revoked and audited.
    expect(await audited()).toBe(auditedBefore + 1);
  });

  it('refuses a bad body with problem+json 400 and revokes nothing', async () => {
    const real = await t.createToken(erin, 'me', { description: 'survives bad bodies' });
    const bodies: unknown[] = [
      {},
      { tokens: 'tsr_x' },
      { tokens: [] },
      { tokens: Array.from({ length: 1001 }, () => real.token) },
      { tokens: [real.token, 'y'.repeat(201)] },
      { tokens: [real.token], source: 'line\nbreak' },
      { tokens: [real.token], source: 's'.repeat(201) },
      { tokens: [real.token], extra: true },
    ];
    // Over the 256 kB this path takes: 413, nothing revoked.
    const huge = await t.http.post(REPORT).send({ tokens: [real.token], source: 'z'.repeat(300_000) });
    expect(huge.status).toBe(413);
    for (const body of bodies) {
      const res = await t.http.post(REPORT).send(body as object);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${real.token}`)).status).toBe(200);
  });

  it('is not the console: a session cookie changes nothing and no cross-site check refuses it', async () => {
    const res = await erin
      .post(REPORT)
      .set(SAME_ORIGIN)
      .send({ tokens: ['junk'] });
    expect(res.status).toBe(202);
  });

  it('limits reports per client address: 429 with Retry-After past the limit', async () => {
    let last = 0;
    let retryAfter: string | undefined;
    for (let i = 0; i < 20 && last !== 429; i++) {
      const res = await t.http.post(REPORT).send({ tokens: ['junk'] });
      last = res.status;
      retryAfter = res.headers['retry-after'];
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
