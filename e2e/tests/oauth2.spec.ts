import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { OAuth2CredentialsPage } from '../pages/OAuth2CredentialsPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { anonymousApi } from '../support/tokens.js';

/** An audience no other test's user has registered: audiences belong to their first registrant (F-9). */
const ownAudience = () => `https://api-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.example.com`;

const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** The client-credentials token request an OAuth 2.0 library would send. */
async function requestToken(api: APIRequestContext, clientId: string, secret: string, scope?: string) {
  return api.post('/oauth2/v1/token', {
    headers: { Authorization: basic(clientId, secret) },
    form: { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
  });
}

/** Asserts without ever putting the secret into a failure message. */
function expectAbsent(haystack: string, secret: string, where: string): void {
  expect(haystack.includes(secret), `the secret must not appear in ${where}`).toBe(false);
}

async function openOwnCredentials(page: Page): Promise<OAuth2CredentialsPage> {
  await new AppShell(page).openUserSettings();
  const credentials = new OAuth2CredentialsPage(page);
  await credentials.open();
  return credentials;
}

test.describe('OAuth 2.0 client credentials', () => {
  test('generate in the console, copy the secret, get an access token and call the API with it', async ({
    userPage: page,
    testUser,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const credentials = await openOwnCredentials(page);
    const name = `reports-${Date.now()}`;
    const reports = ownAudience();

    // Tessera's own origin as one audience, so the token is accepted by Tessera's API too.
    await credentials.generate(name, 'Nightly reports', [
      { audience: origin, scope: 'profile:read' },
      { audience: reports, scope: 'reports.read' },
    ]);
    const reveal = credentials.revealDialog;
    const secret = await credentials.revealedSecret();
    const clientId = await credentials.revealedClientId();
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(reveal).toContainText(`${origin}/profile:read`);
    await expect(reveal).toContainText(`${reports}/reports.read`);
    await expect(reveal).toContainText('/oauth2/v1/token');
    await expect(reveal).toContainText(/retriev/i);
    await expect(reveal, 'the delivery note is for credentials made for someone else').not.toContainText(/securely/i);

    await credentials.copySecret();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard === secret, 'Copy puts exactly the secret on the clipboard').toBe(true);

    await credentials.closeReveal();
    await page.reload();
    await expect(credentials.row(name)).toHaveCount(1);
    await expect(credentials.row(name)).toContainText(clientId);
    expectAbsent(await page.content(), secret, 'the page after reload');

    const api = await anonymousApi(baseURL!);
    try {
      const tokenResponse = await requestToken(api, clientId, secret, `${origin}/profile:read`);
      expect(tokenResponse.status()).toBe(200);
      expect(tokenResponse.headers()['cache-control']).toBe('no-store');
      const body = (await tokenResponse.json()) as { access_token: string; token_type: string; scope: string };
      expect(body.token_type).toBe('Bearer');
      expect(body.scope).toBe(`${origin}/profile:read`);

      const whoami = await api.get('/api/whoami', { headers: { Authorization: `Bearer ${body.access_token}` } });
      expect(whoami.status()).toBe(200);
      expect(await whoami.json()).toMatchObject({ username: testUser.username, authenticatedBy: 'oauth2' });

      // Deleting the credential in the console stops its access token at once.
      await credentials.delete(name);
      const after = await api.get('/api/whoami', { headers: { Authorization: `Bearer ${body.access_token}` } });
      expect(after.status()).toBe(401);
    } finally {
      await api.dispose();
    }
  });

  test('Suspend in the row’s menu refuses its token requests and access tokens; Resume lets them in; networks are kept', async ({
    userPage: page,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    const credentials = await openOwnCredentials(page);
    const name = `suspendable-${Date.now()}`;
    await credentials.generateButton.click();
    const d = credentials.generateDialog;
    const pair = credentials.scopePair(d, 1);
    await pair.audience.fill(origin);
    await pair.scope.fill('profile:read');
    // The scope's meaning comes from GET /api/scopes.
    await expect(pair.scope).toHaveAccessibleDescription(/whoami/);
    const networks = d.getByRole('textbox', { name: /^Allowed networks/ });
    await expect(networks).toHaveAccessibleDescription(/Leave empty to allow any network/);
    await networks.fill('not-a-network');
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await d.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(networks).toHaveAttribute('aria-invalid', 'true');
    await networks.fill('127.0.0.0/8\n::1/128');
    await credentials.submitGenerate();
    const secret = await credentials.revealedSecret();
    const clientId = await credentials.revealedClientId();
    await credentials.closeReveal();
    await expect(credentials.row(name)).toContainText('Active');

    const api = await anonymousApi(baseURL!);
    try {
      const first = await requestToken(api, clientId, secret, `${origin}/profile:read`);
      expect(first.status()).toBe(200);
      const { access_token: accessToken } = (await first.json()) as { access_token: string };
      const whoami = async () =>
        (await api.get('/api/whoami', { headers: { Authorization: `Bearer ${accessToken}` } })).status();
      expect(await whoami()).toBe(200);

      await credentials.suspend(name);
      await expect(
        page.getByRole('status').filter({ hasText: `Suspended the OAuth 2.0 client credential “${name}”.` }),
      ).toBeVisible();
      expect(await whoami()).toBe(401);
      expect((await requestToken(api, clientId, secret, `${origin}/profile:read`)).status()).not.toBe(200);

      await credentials.resume(name);
      expect(await whoami()).toBe(200);

      await credentials.chooseAction(name, 'Edit');
      const edit = page.getByRole('dialog', { name: 'Edit OAuth 2.0 client credential' });
      await expect(edit.getByRole('textbox', { name: /^Allowed networks/ })).toHaveValue('127.0.0.0/8\n::1/128');
      await page.keyboard.press('Escape');
      await expect(edit).toBeHidden();
    } finally {
      await api.dispose();
    }
  });

  test("an administrator generates one on a user's page and resets its secret", async ({
    adminPage,
    testUser,
    baseURL,
  }) => {
    await new AppShell(adminPage).openIdentityUsers();
    const users = new UsersPage(adminPage);
    await users.expectLoaded();
    await users.openUser(testUser.username);
    const credentials = new OAuth2CredentialsPage(adminPage);
    await credentials.open();
    const name = `delivered-${Date.now()}`;

    await credentials.generate(name, 'Made by the administrator', [
      { audience: 'https://api.example.com', scope: 'reports.read' },
    ]);
    await expect(credentials.revealDialog).toContainText(/securely/i);
    const first = await credentials.revealedSecret();
    const clientId = await credentials.revealedClientId();
    await credentials.closeReveal();

    const renamed = `${name}-renamed`;
    await credentials.rename(name, renamed);
    await expect(credentials.row(renamed)).toContainText('https://api.example.com/reports.read');
    await credentials.resetSecret(renamed);
    const second = await credentials.revealedSecret();
    expect(second === first, 'reset gives a new secret').toBe(false);
    await credentials.closeReveal();

    const api = await anonymousApi(baseURL!);
    try {
      expect((await requestToken(api, clientId, first)).status()).toBe(401);
      const ok = await requestToken(api, clientId, second);
      expect(ok.status()).toBe(200);
      expect(((await ok.json()) as { scope: string }).scope).toBe('https://api.example.com/reports.read');
    } finally {
      await api.dispose();
    }
  });

  test('a deployment without the feature says so instead of showing the page', async ({ userPage: page }) => {
    // The server under test has the feature; the console's answer to a realm without it is what is checked here.
    // The console learns the features from the data the server inlines into the page, so the page is rewritten.
    await page.route(
      (url) => url.pathname.startsWith('/settings'),
      async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(/"features":\[[^\]]*\]/, '"features":["keystone"]');
        await route.fulfill({ response, body: html });
      },
    );
    await page.goto('/settings/auth-tokens');
    const credentials = new OAuth2CredentialsPage(page);
    await credentials.link.click();
    await expect(credentials.unavailableNotice).toBeVisible();
    await expect(credentials.generateButton).toHaveCount(0);
  });

  test('the page and its dialogs have no serious accessibility violations', async ({ userPage: page }, testInfo) => {
    const credentials = await openOwnCredentials(page);
    await expectNoSeriousA11yViolations(page, 'oauth2-credentials-empty', testInfo);
    await credentials.generateButton.click();
    await expect(credentials.generateDialog).toBeVisible();
    await credentials.generateDialog.getByRole('button', { name: '+ Another scope', exact: true }).click();
    await expectNoSeriousA11yViolations(page, 'generate-oauth2-client-dialog', testInfo);
    await page.keyboard.press('Escape');
    await credentials.generate('a11y', 'Accessibility check', [{ audience: ownAudience(), scope: 'a11y' }]);
    await expectNoSeriousA11yViolations(page, 'reveal-oauth2-client-secret-dialog', testInfo);
    await credentials.closeReveal();
    await expect(credentials.row('a11y')).toHaveCount(1);
    await expectNoSeriousA11yViolations(page, 'oauth2-credentials-table', testInfo);
  });
});
