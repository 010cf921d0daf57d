import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import type TestAgent from 'supertest/lib/agent.js';

// /v3 GET, HEAD and DELETE used to accept the console's session cookie with no cross-site check, so a page on another
// site could revoke (DELETE) a Keystone token through a signed-in administrator's browser. Keystone is a token API:
// the cookie is not accepted there at all (401, Keystone-shaped); X-Auth-Token works as before.
describe('/v3 refuses the session cookie', () => {
  let t: TestApp;
  let admin: TestAgent;
  let subject: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await t.signIn();
    const issued = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', password: 'correct horse battery staple', domain: { id: 'default' } } },
        },
      },
    });
    expect(issued.status).toBe(201);
    subject = issued.headers['x-subject-token'] as string;
  });
  afterAll(async () => t.close());

  const live = async () => (await t.http.get('/api/whoami').set('X-Auth-Token', subject)).status === 200;

  it('GET with only the cookie is 401, even same-origin', async () => {
    const res = await admin.get('/v3/auth/tokens').set('X-Subject-Token', subject).set('Sec-Fetch-Site', 'same-origin');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    expect(res.headers['x-subject-token']).toBeUndefined();
  });

  it('HEAD with only the cookie is 401', async () => {
    const res = await admin.head('/v3/auth/tokens').set('X-Subject-Token', subject);
    expect(res.status).toBe(401);
  });

  it('DELETE with only the cookie (a cross-site request) is 401 and the token lives on', async () => {
    const res = await admin
      .delete('/v3/auth/tokens')
      .set('X-Subject-Token', subject)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://evil.example');
    expect(res.status).toBe(401);
    expect(await live()).toBe(true);
    const sameOrigin = await admin.delete('/v3/auth/tokens').set('X-Subject-Token', subject);
    expect(sameOrigin.status).toBe(401);
    expect(await live()).toBe(true);
  });

  it('X-Auth-Token still validates and revokes', async () => {
    const get = await t.http.get('/v3/auth/tokens').set('X-Auth-Token', subject).set('X-Subject-Token', subject);
    expect(get.status).toBe(200);
    const del = await t.http.delete('/v3/auth/tokens').set('X-Auth-Token', subject).set('X-Subject-Token', subject);
    expect(del.status).toBe(204);
    expect(await live()).toBe(false);
  });
});
