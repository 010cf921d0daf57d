import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../test-support/oidc-browser.js';
import type { TestProvider } from '../test-support/oidc-provider.js';
import { CALLBACK_PATH, startOidcTestbed, type OidcTestbed } from '../test-support/oidc-testbed.js';
import { ADMIN_PASSWORD, SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 21, point 6: OpenID Connect sign-in against a real OpenID provider (oidc-provider) on loopback, driven over
// HTTP through the provider's own login form, on every backend.
describe.each(backends)('OpenID Connect sign-in (%s)', (kind) => {
  let bed: OidcTestbed;
  let t: TestApp;
  let op: TestProvider;

  beforeAll(async () => {
    bed = await startOidcTestbed(
      kind,
      {
        'alice-sub': {
          preferred_username: 'Alice',
          name: 'Alice Liddell',
          email: 'alice@example.com',
          groups: ['staff'],
        },
        'bob-sub': { preferred_username: 'bob', name: 'Bob', groups: ['staff', 'tessera-admins'] },
        'carol-sub': { email: 'carol@example.com' },
        'clash-sub': { preferred_username: 'dave', name: 'Not Dave' },
        'nameless-sub': { name: 'No Username' },
      },
      {
        TESSERA_OIDC_NAME: 'Example SSO',
        TESSERA_OIDC_ROLE_CLAIM: 'groups',
        TESSERA_OIDC_ADMIN_VALUES: 'tessera-admins, root',
      },
    );
    ({ t, op } = bed);
  });
  afterAll(async () => {
    await bed?.close();
  });

  const signInAs = (login: string, returnTo?: string) => bed.signInAs(login, returnTo);
  const session = (browser: TestBrowser) => bed.session(browser);
  const activity = async (action: string) =>
    ((await (await t.signIn()).get(`/api/activity?action=${action}&limit=100`)).body as { items: Activity[] }).items;
  interface Activity {
    outcome: string;
    target: { id: string } | null;
    details: Record<string, unknown> | null;
  }

  it('offers the provider by name, and sends the browser there with PKCE S256, state and nonce', async () => {
    const features = await t.http.get('/api/features');
    expect(features.body.signIn).toEqual({
      password: true,
      oidc: { name: 'Example SSO', startUrl: '/api/session/oidc/start' },
    });
    const start = await new TestBrowser().request(`${bed.url}/api/session/oidc/start`);
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(op.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('redirect_uri')).toBe(`${bed.url}${CALLBACK_PATH}`);
    for (const p of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(p)?.length).toBeGreaterThan(20);
    expect(start.headers.get('set-cookie')).toContain('tessera.sid=');
  });

  it('creates the user just in time from the claims, signs in, and finds the same user next time', async () => {
    const first = await signInAs('alice-sub');
    expect(first.landing.pathname + first.landing.search).toBe('/settings/auth-tokens');
    const body = (await (await session(first.browser)).json()) as {
      user: { id: string; username: string; displayName: string; role: string };
      signInMethod: string;
    };
    expect(body.user).toMatchObject({ username: 'alice', displayName: 'Alice Liddell', role: 'user' });
    expect(body.signInMethod).toBe('oidc');
    expect(await t.store.userIdentities.userIdOf({ issuer: op.issuer, subject: 'alice-sub' })).toBe(body.user.id);
    const created = (await activity('user.create')).find((e) => e.target?.id === body.user.id);
    expect(created?.details).toMatchObject({ username: 'alice', role: 'user', source: 'oidc' });
    const signIn = (await activity('session.sign_in')).find((e) => e.target?.id === body.user.id);
    expect(signIn?.details).toMatchObject({ method: 'oidc' });

    const again = await signInAs('alice-sub', '/');
    const second = (await (await session(again.browser)).json()) as { user: { id: string } };
    expect(second.user.id).toBe(body.user.id);
    expect((await t.http.get('/api/users?search=alice').set('Cookie', await adminCookie())).body.total).toBe(1);
  });

  it('gives such a user no password: password sign-in fails as a wrong one, and none can be set', async () => {
    await signInAs('alice-sub');
    const alice = (await t.store.users.getByUsername('alice'))!;
    for (const password of ['', 'any-password-at-all']) {
      const res = await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'alice', password });
      expect(res.status).toBe(password === '' ? 400 : 401);
    }
    // Keystone's password method shares the check: refused as a wrong password.
    const keystone = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: 'any-password-at-all', domain: { name: 'Default' } } },
        },
      },
    });
    expect(keystone.status).toBe(401);
    const admin = await t.signIn();
    const reset = await admin
      .patch(`/api/users/${alice.id}`)
      .set(SAME_ORIGIN)
      .send({ password: 'a-new-long-password' });
    expect(reset.status).toBe(409);
    expect(reset.body.code).toBe('no_local_password');
  });

  it('makes an administrator from the role claim, and a user again when the claim no longer says so', async () => {
    const asAdmin = await signInAs('bob-sub');
    const cookie = `tessera.sid=${asAdmin.browser.cookie('tessera.sid')}`;
    expect((await t.http.get('/api/users').set('Cookie', cookie)).status).toBe(200);
    const bob = (await t.store.users.getByUsername('bob'))!;
    expect(bob.role).toBe('admin');

    op.accounts.set('bob-sub', { preferred_username: 'bob', name: 'Bob', groups: ['staff'] });
    const demoted = await signInAs('bob-sub');
    const later = `tessera.sid=${demoted.browser.cookie('tessera.sid')}`;
    expect((await t.http.get('/api/users').set('Cookie', later)).status).toBe(403);
    expect((await t.store.users.get(bob.id))!.role).toBe('user');
    const change = (await activity('user.update')).find((e) => e.target?.id === bob.id);
    expect(change?.details).toMatchObject({
      changes: [{ field: 'role', from: 'admin', to: 'user' }],
      source: 'oidc',
      claim: 'groups',
    });
  });

  it('takes the username from email when there is no preferred_username, and refuses a sign-in without either', async () => {
    await signInAs('carol-sub');
    expect(await t.store.users.getByUsername('carol@example.com')).toBeDefined();
    const refused = await signInAs('nameless-sub');
    expect(refused.landing.pathname + refused.landing.search).toBe('/signin?error=oidc_no_username');
  });

  it('refuses a username already taken by a local account, and links nothing', async () => {
    await t.createUser('dave');
    const { landing, browser } = await signInAs('clash-sub');
    expect(landing.pathname + landing.search).toBe('/signin?error=oidc_username_taken');
    expect((await session(browser)).status).toBe(401);
    expect(await t.store.userIdentities.userIdOf({ issuer: op.issuer, subject: 'clash-sub' })).toBeUndefined();
    const refusal = (await activity('session.sign_in')).find((e) => e.details?.reason === 'username_taken');
    expect(refusal?.outcome).toBe('failure');
  });

  it('refuses a disabled user', async () => {
    await signInAs('carol-sub');
    const carol = (await t.store.users.getByUsername('carol@example.com'))!;
    const admin = await t.signIn();
    expect((await admin.patch(`/api/users/${carol.id}`).set(SAME_ORIGIN).send({ disabled: true })).status).toBe(200);
    const { landing, browser } = await signInAs('carol-sub');
    expect(landing.pathname + landing.search).toBe('/signin?error=oidc_disabled');
    expect((await session(browser)).status).toBe(401);
  });

  it('asks the provider to sign in again for a step-up (prompt=login) instead of its silent single sign-on', async () => {
    const { browser } = await signInAs('alice-sub');
    const silent = await browser.follow(`${bed.url}/api/session/oidc/start`, (next) => next.origin === bed.url);
    expect(silent.url.pathname).toBe(CALLBACK_PATH);
    const asked = await browser.follow(`${bed.url}/api/session/oidc/start?prompt=login&returnTo=%2Fsettings`);
    expect(asked.url.origin).toBe(op.issuer);
    expect(await asked.res.text()).toContain('name="login"');
  });

  it('refuses an answer whose state is not this browser’s, and an answer used twice', async () => {
    const browser = new TestBrowser();
    const page = await browser.follow(`${bed.url}/api/session/oidc/start`);
    const answer = await browser.logIn(page, 'alice-sub', (next) => next.origin === bed.url);
    expect(answer.url.searchParams.get('code')).toBeTruthy();
    const forged = new URL(answer.url);
    forged.searchParams.set('state', 'not-the-state-this-browser-was-given');
    const refused = await browser.request(forged.href);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/signin?error=oidc_state');
    // The sign-in under way is gone with the forged answer: the real one is refused too.
    expect((await browser.request(answer.url.href)).headers.get('location')).toBe('/signin?error=oidc_state');
    // Another browser (login CSRF: someone else's code) has no sign-in under way at all.
    const other = await new TestBrowser().request(answer.url.href);
    expect(other.headers.get('location')).toBe('/signin?error=oidc_state');
    expect(t.logs.text).not.toContain(answer.url.searchParams.get('code')!);
  });

  it('keeps the return path on the console', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { landing } = await signInAs('alice-sub', returnTo);
      expect(landing.href).toBe(`${bed.url}/`);
    }
  });

  it('refuses an error from the provider, and answers a program in problem+json', async () => {
    const browser = new TestBrowser();
    const start = await browser.request(`${bed.url}/api/session/oidc/start`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const denied = await browser.request(
      `${bed.url}${CALLBACK_PATH}?error=access_denied&state=${state}&iss=${encodeURIComponent(op.issuer)}`,
    );
    expect(denied.headers.get('location')).toBe('/signin?error=oidc_denied');
    const json = await new TestBrowser().request(`${bed.url}${CALLBACK_PATH}?code=x&state=y`, {
      headers: { Accept: 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { code: string }).code).toBe('oidc_state');
  });

  it('signs out at the provider too (RP-initiated logout), back to the sign-in page', async () => {
    const { browser } = await signInAs('alice-sub');
    const out = await browser.request(`${bed.url}/api/session`, {
      method: 'DELETE',
      headers: { 'Sec-Fetch-Site': 'same-origin', Accept: 'application/json' },
    });
    expect(out.status).toBe(200);
    const end = new URL(((await out.json()) as { endSessionUrl: string }).endSessionUrl);
    expect(end.origin).toBe(op.issuer);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${bed.url}/signin`);
    expect(end.searchParams.get('client_id')).toBe(op.clientId);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect((await session(browser)).status).toBe(401);
    // The provider knows the hint and the way back: it asks to confirm the sign-out.
    const confirm = await browser.request(end.href);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Yes, sign me out');
    // A password session has nothing to sign out of elsewhere.
    const admin = await t.signIn();
    expect((await admin.delete('/api/session').set(SAME_ORIGIN)).status).toBe(204);
  });

  async function adminCookie() {
    const res = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    return String(res.headers['set-cookie']).split(';')[0]!;
  }
});

describe.each(backends)('OpenID Connect sign-in with the provider unreachable, and no password form (%s)', (kind) => {
  let t: TestApp;
  let silent: net.Server;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    // A provider that accepts connections and never answers: the worst case, a hang, which must become a 503.
    silent = net.createServer((s) => sockets.add(s.on('error', () => {})));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t = await startTestApp(kind, {
      TESSERA_OIDC_ISSUER: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      TESSERA_OIDC_CLIENT_ID: 'tessera',
      TESSERA_OIDC_CLIENT_SECRET: 'unused-secret',
      TESSERA_OIDC_TIMEOUT_MS: '300',
      TESSERA_LOCAL_SIGN_IN: 'false',
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    silent?.close();
    await t?.close();
  });

  it('answers 503 within its timeout, and sends a browser back to the sign-in page', async () => {
    const started = Date.now();
    const res = await t.http.get('/api/session/oidc/start').set('Accept', 'application/json');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('oidc_unavailable');
    expect(res.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(5000);
    const browser = await t.http.get('/api/session/oidc/start').set('Accept', 'text/html');
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe('/signin?error=oidc_unavailable');
    // Signing out of a session that was not an OpenID one never asks the provider.
    expect((await (await t.signIn()).delete('/api/session').set(SAME_ORIGIN)).status).toBe(204);
  });

  it('takes no password but the bootstrap admin’s when TESSERA_LOCAL_SIGN_IN=false', async () => {
    expect((await t.http.get('/api/features')).body.signIn).toEqual({
      password: false,
      oidc: { name: '127.0.0.1', startUrl: '/api/session/oidc/start' },
    });
    await t.createUser('erin');
    const refused = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'erin', password: 'erin-password-123' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('password_sign_in_disabled');
    expect(
      (await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(200);
  });
});
