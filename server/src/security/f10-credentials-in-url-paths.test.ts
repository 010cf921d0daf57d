import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateToken } from '../lib/token-format.js';
import { LONG_SEGMENT, REDACTED, redactPath } from '../http/redact-path.js';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// F-10: a credential put in a URL path (a `tsr_…` GoodData id, a Keystone token, a JWT, the bootstrap token) was
// written in full to the access log, and 404 details echoed it back.
const BOOTSTRAP = 'bootstrap-f10-0123456789abcdefghijklmnopqrstuvwxyz';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhZG1pbiIsImF1ZCI6Imh0dHBzOi8vYXBpIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe.each(backends)('F-10 credentials in URL paths (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP, TESSERA_ACCESS_LOG: 'all' });
  });
  afterEach(async () => t.close());

  const accessLines = () =>
    t.logs.lines.map((l) => JSON.parse(l) as { msg: string; path?: string }).filter((l) => l.msg === 'request');

  it('never writes a token, a Keystone token, a JWT or the bootstrap token in a path to the access log or a 404', async () => {
    const admin = await t.signIn();
    const { token } = await t.createToken(admin);
    const keystone = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' }, password: ADMIN_PASSWORD } },
        },
      },
    });
    expect(keystone.status).toBe(201);
    const tsk = keystone.headers['x-subject-token'] as string;
    expect(tsk).toMatch(/^tsk_/);

    const secrets = [token, tsk, JWT, BOOTSTRAP, generateToken('tsc_')];
    const answers = [];
    for (const secret of secrets) {
      // The GoodData id of the finding, an unknown API path, Keystone's and OAuth's own prefixes.
      answers.push(
        await t.http.get(`/api/v1/entities/users/me/apiTokens/${secret}`).set('Authorization', `Bearer ${token}`),
        await t.http.delete(`/api/entities/users/admin/apiTokens/${secret}`).set('Authorization', `Bearer ${token}`),
        await t.http.get(`/api/nothing/${secret}/here`),
        await t.http.get(`/v3/auth/${secret}`),
        await t.http.get(`/oauth2/v1/${secret}`),
        await t.http.get(`/api/users/me/auth-tokens/${secret}`).set('Authorization', `Bearer ${token}`),
        // Wrapped in other text, it is still the secret.
        await t.http.get(`/api/x/Bearer%20${secret}`),
      );
      // A prefixed secret cut short is still (part of) one.
      if (/^ts[rkc]_/.test(secret)) answers.push(await t.http.get(`/api/x/${secret.slice(0, 20)}`));
    }
    for (const res of answers) expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    // The answers that name what was asked name it blanked.
    const echoing = answers.filter((r) => /No route for|No API token/.test(r.text));
    expect(echoing.length).toBeGreaterThanOrEqual(5 * secrets.length);
    for (const res of echoing) expect(res.text).toContain(REDACTED);
    const log = t.logs.text;
    const lines = accessLines();
    expect(lines.length).toBeGreaterThanOrEqual(answers.length);
    for (const secret of secrets) {
      for (const res of answers) expect(res.text).not.toContain(secret.slice(0, 20));
      expect(log).not.toContain(secret.slice(0, 20));
    }
    expect(lines.filter((l) => l.path?.includes(REDACTED)).length).toBeGreaterThanOrEqual(answers.length);
  });

  it('keeps the rest of the path, Tessera’s ids included, so a line still says what was asked', async () => {
    const admin = await t.signIn();
    const { id } = await t.createToken(admin);
    const me = (await admin.get('/api/whoami')).body as { id: string };
    await admin.get(`/api/users/${me.id}/auth-tokens`);
    await admin.delete(`/api/users/me/auth-tokens/${id}`).set(SAME_ORIGIN);
    const paths = accessLines().map((l) => l.path);
    expect(paths).toContain(`/api/users/${me.id}/auth-tokens`);
    expect(paths).toContain(`/api/users/me/auth-tokens/${id}`);
    const nope = await t.http.get('/api/nope/short-segment');
    expect(nope.body.detail).toBe('No route for GET /api/nope/short-segment.');
  });
});

describe('F-10 a UUID-shaped bootstrap token', () => {
  it('blanks UUID segments in the log too when the bootstrap token is one', async () => {
    const bootstrap = randomUUID();
    const t = await startTestApp('sqlite', { TESSERA_BOOTSTRAP_TOKEN: bootstrap, TESSERA_ACCESS_LOG: 'all' });
    try {
      await t.http.get(`/api/users/${bootstrap}/auth-tokens`).set('Authorization', `Bearer ${bootstrap}`);
      await t.http.get(`/api/nope/${bootstrap}`);
      expect(t.logs.text).not.toContain(bootstrap);
    } finally {
      await t.close();
    }
  });
});

describe('F-10 redactPath', () => {
  it('blanks only what may be a credential, and leaves short paths as they are', () => {
    const id = randomUUID();
    expect(redactPath(`/api/users/${id}/auth-tokens`, true)).toBe(`/api/users/${id}/auth-tokens`);
    expect(redactPath(`/api/users/${id}/auth-tokens`, false)).toBe(`/api/users/${REDACTED}/auth-tokens`);
    expect(redactPath('/api/v1/entities/users/me/apiTokens/my-ci-token')).toBe(
      '/api/v1/entities/users/me/apiTokens/my-ci-token',
    );
    expect(redactPath(`/a/${'x'.repeat(LONG_SEGMENT - 1)}`)).toBe(`/a/${'x'.repeat(LONG_SEGMENT - 1)}`);
    expect(redactPath(`/a/${'x'.repeat(LONG_SEGMENT)}/b`)).toBe(`/a/${REDACTED}/b`);
    expect(redactPath('/a/tsr_abc')).toBe(`/a/${REDACTED}`);
    expect(redactPath(`/a/${JWT}`)).toBe(`/a/${REDACTED}`);
    const plain = '/api/whoami';
    expect(redactPath(plain)).toBe(plain);
  });
});
