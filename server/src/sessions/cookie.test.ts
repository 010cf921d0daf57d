import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import { sessionCookie } from './cookie.js';

describe('the session cookie’s name (ASVS 3.3.3 __Host- prefix)', () => {
  it('is __Host-tessera.sid and Secure over HTTPS, tessera.sid otherwise', () => {
    expect(sessionCookie({ publicUrl: 'https://tessera.example.com', session: {} })).toMatchObject({
      name: '__Host-tessera.sid',
      secure: true,
    });
    expect(sessionCookie({ publicUrl: undefined, session: { secureCookies: true } }).name).toBe('__Host-tessera.sid');
    expect(sessionCookie({ publicUrl: 'http://127.0.0.1:3000', session: {} })).toMatchObject({
      name: 'tessera.sid',
      secure: 'auto',
    });
    expect(sessionCookie({ publicUrl: undefined, session: {} }).name).toBe('tessera.sid');
    // Explicitly not secure wins over an https public URL (TLS ends somewhere that does not say so).
    expect(sessionCookie({ publicUrl: 'https://x.example', session: { secureCookies: false } })).toMatchObject({
      name: 'tessera.sid',
      secure: false,
    });
  });

  describe('served over HTTPS behind a proxy', () => {
    let t: TestApp;
    afterEach(async () => t.close());

    it('sets __Host-tessera.sid with Secure, Path=/ and no Domain; signs in, out and clears it by that name', async () => {
      t = await startTestApp('sqlite', {
        TESSERA_PUBLIC_URL: 'https://tessera.example.com',
        TESSERA_TRUST_PROXY: 'loopback',
      });
      const https = { ...SAME_ORIGIN, 'X-Forwarded-Proto': 'https' };
      const res = await t.http.post('/api/session').set(https).send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-tessera\.sid=/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      const cookie = setCookie.split(';')[0]!;
      expect((await t.http.get('/api/whoami').set(https).set('Cookie', cookie)).status).toBe(200);
      // The old name means nothing now.
      const oldName = cookie.replace('__Host-tessera.sid', 'tessera.sid');
      expect((await t.http.get('/api/whoami').set(https).set('Cookie', oldName)).status).toBe(401);
      const out = await t.http.delete('/api/session').set(https).set('Cookie', cookie);
      expect(out.status).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^__Host-tessera\.sid=;.*Secure/);
    });
  });
});
