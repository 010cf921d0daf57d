import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/harness.js';
import type { TestBrowser } from '../test-support/oidc-browser.js';
import { startOidcTestbed, type OidcTestbed } from '../test-support/oidc-testbed.js';
import { IdTokenSeal } from './id-token-seal.js';

// The ID token kept for RP-initiated logout (id_token_hint) is a signed identity assertion with personal data: it sits
// in the session store (a database or Redis) only sealed, and in no log line.
describe.each(backends)('the ID token kept as the logout hint (%s)', (kind) => {
  let bed: OidcTestbed;

  beforeAll(async () => {
    bed = await startOidcTestbed(kind, {
      'alice-sub': { preferred_username: 'alice', name: 'Alice Liddell', email: 'alice@example.com' },
    });
  });
  afterAll(async () => {
    await bed?.close();
  });

  /** Signs in, and returns the ID token the provider gave Tessera for that sign-in. */
  async function signIn(): Promise<{ browser: TestBrowser; idToken: string }> {
    const issued = bed.op.idTokens.length;
    const { browser, landing } = await bed.signInAs('alice-sub');
    expect(landing.pathname).toBe('/settings/auth-tokens');
    expect(bed.op.idTokens).toHaveLength(issued + 1);
    return { browser, idToken: bed.op.idTokens.at(-1)! };
  }
  const signOut = async (browser: TestBrowser) => {
    const out = await browser.request(`${bed.url}/api/session`, {
      method: 'DELETE',
      headers: { 'Sec-Fetch-Site': 'same-origin', Accept: 'application/json' },
    });
    expect(out.status).toBe(200);
    return new URL(((await out.json()) as { endSessionUrl: string }).endSessionUrl);
  };
  const expectNoPartOf = (text: string, idToken: string) => {
    expect(idToken.split('.')).toHaveLength(3);
    expect(text).not.toContain(idToken);
    for (const part of idToken.split('.')) expect(text).not.toContain(part);
  };

  it('is stored sealed (none of its three parts in the session row), and given back whole at sign-out', async () => {
    const { browser, idToken } = await signIn();
    const stored = await bed.storedSession(browser);
    expectNoPartOf(stored.data, idToken);
    const sealed = (JSON.parse(stored.data) as { oidcSealedIdToken: string }).oidcSealedIdToken;
    expect(sealed.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(sealed)).toEqual({ alg: 'dir', enc: 'A256GCM' });

    const end = await signOut(browser);
    expect(end.searchParams.get('id_token_hint')).toBe(idToken);
    expect(end.searchParams.get('client_id')).toBe(bed.op.clientId);
    const jwks = createRemoteJWKSet(new URL(`${bed.op.issuer}/jwks`));
    const { payload } = await jwtVerify(idToken, jwks, { issuer: bed.op.issuer, audience: bed.op.clientId });
    expect(payload.sub).toBe('alice-sub');
    expect((await bed.session(browser)).status).toBe(401);
    expectNoPartOf(bed.t.logs.text, idToken);
  });

  it('is left out when it no longer opens (sealed under another session secret): signing out still works', async () => {
    const { browser, idToken } = await signIn();
    const stored = await bed.storedSession(browser);
    const data = JSON.parse(stored.data) as { userId: string; oidcSealedIdToken: string };
    data.oidcSealedIdToken = await new IdTokenSeal('another-session-secret-that-is-long-enough').seal(idToken);
    await bed.t.store.sessions.set(stored.sidDigest, data.userId, JSON.stringify(data), stored.expiresAt);

    const end = await signOut(browser);
    expect(end.origin).toBe(bed.op.issuer);
    expect(end.searchParams.has('id_token_hint')).toBe(false);
    expect(end.searchParams.get('client_id')).toBe(bed.op.clientId);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${bed.url}/signin`);
    expect((await bed.session(browser)).status).toBe(401);
    // The provider takes client_id in the hint's place: it asks to confirm, and will come back to the sign-in page.
    const confirm = await browser.request(end.href);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Yes, sign me out');
  });
});
