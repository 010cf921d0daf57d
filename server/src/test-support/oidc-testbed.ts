import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { startTestApp, type BackendKind, type TestApp } from './harness.js';
import { TestBrowser } from './oidc-browser.js';
import { listenFirst, startTestProvider, type TestAccount, type TestProvider } from './oidc-provider.js';

export const CALLBACK_PATH = '/api/session/oidc/callback';

export interface OidcTestbed {
  t: TestApp;
  op: TestProvider;
  /** Tessera over real HTTP on loopback (the provider redirects browsers to it). */
  url: string;
  /** The whole round trip in a new browser: Tessera → the provider's login page → back to Tessera. */
  signInAs(login: string, returnTo?: string): Promise<{ browser: TestBrowser; landing: URL }>;
  /**
   * A new browser's sign-in up to the provider's answer, which is not yet delivered to Tessera: `authorize` may
   * change the authorization request on its way to the provider (a tampered `nonce`, `prompt=none`).
   */
  answerFor(
    login: string,
    authorize?: (url: URL) => void,
  ): Promise<{ browser: TestBrowser; answer: URL; authorization: URL }>;
  /** GET /api/session with the browser's session cookie. */
  session(browser: TestBrowser): Promise<Response>;
  /** The browser's session as the session store holds it: the stored row, looked up by the digest of its id. */
  storedSession(browser: TestBrowser): Promise<{ sidDigest: string; data: string; expiresAt: string }>;
  close(): Promise<void>;
}

/** Tessera signing in through a real OpenID provider (oidc-provider) on loopback, on one backend. */
export async function startOidcTestbed(
  kind: BackendKind,
  accounts: Record<string, TestAccount>,
  env: Record<string, string> = {},
): Promise<OidcTestbed> {
  const tessera = await listenFirst();
  const op = await startTestProvider({
    redirectUris: [`${tessera.url}${CALLBACK_PATH}`],
    postLogoutRedirectUris: [`${tessera.url}/signin`],
    accounts,
  });
  const t = await startTestApp(kind, {
    // The route tests sign in more often in a minute than a person does; the limit's own test sets it low.
    TESSERA_OIDC_ATTEMPTS_PER_MINUTE: '1000',
    TESSERA_OIDC_ISSUER: op.issuer,
    TESSERA_OIDC_CLIENT_ID: op.clientId,
    TESSERA_OIDC_CLIENT_SECRET: op.clientSecret,
    ...env,
  });
  tessera.handle(t.tessera.app);
  const cookie = (browser: TestBrowser) => browser.cookie('tessera.sid')!;
  return {
    t,
    op,
    url: tessera.url,
    async signInAs(login, returnTo = '/settings/auth-tokens') {
      const browser = new TestBrowser();
      const loginPage = await browser.follow(
        `${tessera.url}/api/session/oidc/start?returnTo=${encodeURIComponent(returnTo)}`,
      );
      expect(loginPage.url.origin).toBe(op.issuer);
      const answer = await browser.logIn(loginPage, login, (next) => next.origin === tessera.url);
      expect(answer.url.pathname).toBe(CALLBACK_PATH);
      const back = await browser.request(answer.url.href);
      return { browser, landing: new URL(back.headers.get('location')!, tessera.url) };
    },
    async answerFor(login, authorize = () => {}) {
      const browser = new TestBrowser();
      const start = await browser.request(`${tessera.url}/api/session/oidc/start`);
      const authorization = new URL(start.headers.get('location')!);
      authorize(authorization);
      const loginPage = await browser.follow(authorization.href, (next) => next.origin === tessera.url);
      const answer =
        loginPage.url.origin === tessera.url
          ? loginPage.url
          : (await browser.logIn(loginPage, login, (next) => next.origin === tessera.url)).url;
      expect(answer.pathname).toBe(CALLBACK_PATH);
      return { browser, answer, authorization };
    },
    session: (browser) =>
      fetch(`${tessera.url}/api/session`, { headers: { Cookie: `tessera.sid=${cookie(browser)}` } }),
    async storedSession(browser) {
      // The cookie is `s:<id>.<signature>`; the store keys the row by the id's SHA-256 (sessions/database-session-store).
      const sid = decodeURIComponent(cookie(browser)).slice(2).split('.')[0]!;
      const sidDigest = createHash('sha256').update(sid).digest('hex');
      const stored = await t.store.sessions.get(sidDigest, new Date().toISOString());
      if (!stored) throw new Error('no stored session for this browser');
      return { sidDigest, ...stored };
    },
    async close() {
      await tessera.close();
      await op.close();
      await t.close();
    },
  };
}
