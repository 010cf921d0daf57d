import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import type { TestUser } from '../support/api.js';
import { anonymousApi, isWellFormedToken, whoamiWithToken, type TokenHeader } from '../support/tokens.js';

const HEADERS: TokenHeader[] = ['bearer', 'x-auth-token', 'basic'];
const DAY = 86_400_000;

/** Profile → User Settings → Auth Tokens, the Oracle path. */
async function openOwnAuthTokens(page: Page, user: TestUser): Promise<AuthTokensPage> {
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await expect(tokens.userHeading(user)).toBeVisible();
  await tokens.open();
  return tokens;
}

/** Asserts without ever putting the secret into a failure message. */
function expectAbsent(haystack: string, token: string, where: string): void {
  expect(haystack.includes(token), `the token must not appear in ${where}`).toBe(false);
}

test.describe('auth tokens for yourself', () => {
  test('generate, copy once, close and reload: the secret is gone, the hint stays, and the token works', async ({
    userPage: page,
    testUser,
    adminApi,
    baseURL,
  }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
    const tokens = await openOwnAuthTokens(page, testUser);
    const description = `CI deploy ${Date.now()}`;

    const reveal = await tokens.generate(description, '60 days');
    const token = await reveal.token();
    expect(isWellFormedToken(token), 'tsr_ + 30 base62 + a matching CRC32 checksum').toBe(true);
    await expect(reveal.dialog).toContainText(/retriev|shown again|see it again/i);
    await expect(reveal.dialog).toContainText('curl');
    await expect(reveal.dialog).toContainText('/api/whoami');
    await expect(reveal.dialog, 'the delivery note is for tokens made for someone else').not.toContainText(/securely/i);

    await reveal.copy();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard === token, 'Copy puts exactly the token on the clipboard').toBe(true);

    await reveal.close();
    expectAbsent(await page.content(), token, 'the page after Close');
    await page.reload();
    await tokens.expectLoaded();
    expectAbsent(await page.content(), token, 'the page after reload');
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expectAbsent(storage, token, 'web storage');

    await tokens.expectTableColumns();
    const row = tokens.row(description);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`tsr_…${token.slice(-4)}`);
    await expect(row).toContainText(/active/i);

    // The expiry choice reached the server: about 60 days from now.
    const listed = (await adminApi.listAuthTokens(testUser.id)).find((t) => t.description === description);
    expect(listed).toBeDefined();
    const expiresIn = Date.parse(listed?.expiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(59 * DAY);
    expect(expiresIn).toBeLessThan(61 * DAY);

    const api = await anonymousApi(baseURL!);
    try {
      for (const kind of HEADERS) {
        const { status, body } = await whoamiWithToken(api, kind, token, testUser.username);
        expect(status, `whoami with ${kind}`).toBe(200);
        expect(body).toMatchObject({ username: testUser.username, authenticatedBy: 'auth-token', via: kind });
      }
    } finally {
      await api.dispose();
    }
  });

  test('Edit changes the description', async ({ userPage: page, testUser, adminApi }) => {
    const before = `Nightly backup ${Date.now()}`;
    const after = `Reporting export ${Date.now()}`;
    await adminApi.createAuthToken(testUser.id, before);
    const tokens = await openOwnAuthTokens(page, testUser);

    await tokens.edit(before, after);
    await expect(tokens.row(after)).toHaveCount(1);
    await expect(tokens.row(before)).toHaveCount(0);
    await page.reload();
    await expect(tokens.row(after)).toHaveCount(1);
    expect((await adminApi.listAuthTokens(testUser.id)).map((t) => t.description)).toEqual([after]);
  });

  test('Regenerate (confirmed) reveals a new token and the old one is refused at once', async ({
    userPage: page,
    testUser,
    adminApi,
    baseURL,
  }) => {
    const description = `Rotating ${Date.now()}`;
    const { token: oldToken } = await adminApi.createAuthToken(testUser.id, description);
    const tokens = await openOwnAuthTokens(page, testUser);

    const reveal = await tokens.regenerate(description);
    const newToken = await reveal.token();
    expect(isWellFormedToken(newToken)).toBe(true);
    expect(newToken === oldToken, 'regenerate must issue a new secret').toBe(false);
    await reveal.close();
    await expect(tokens.row(description)).toContainText(`tsr_…${newToken.slice(-4)}`);

    const api = await anonymousApi(baseURL!);
    try {
      expect((await whoamiWithToken(api, 'bearer', oldToken, testUser.username)).status, 'old token').toBe(401);
      expect((await whoamiWithToken(api, 'bearer', newToken, testUser.username)).status, 'new token').toBe(200);
    } finally {
      await api.dispose();
    }
  });

  test('Delete (confirmed with Delete) removes the token and it is refused', async ({
    userPage: page,
    testUser,
    adminApi,
    baseURL,
  }) => {
    const description = `Short-lived ${Date.now()}`;
    const { token } = await adminApi.createAuthToken(testUser.id, description);
    const api = await anonymousApi(baseURL!);
    try {
      expect((await whoamiWithToken(api, 'bearer', token, testUser.username)).status).toBe(200);
      const tokens = await openOwnAuthTokens(page, testUser);

      await tokens.delete(description);
      await page.reload();
      await tokens.expectLoaded();
      await expect(tokens.row(description)).toHaveCount(0);

      for (const kind of HEADERS) {
        expect((await whoamiWithToken(api, kind, token, testUser.username)).status, `deleted token, ${kind}`).toBe(401);
      }
    } finally {
      await api.dispose();
    }
  });
});

test.describe('auth tokens for someone else', () => {
  test('an administrator generates a token for a user, who then sees it in their own list', async ({
    adminPage,
    userPage,
    testUser,
    baseURL,
  }) => {
    await new AppShell(adminPage).openIdentityUsers();
    const users = new UsersPage(adminPage);
    await users.expectLoaded();
    await users.openUser(testUser.username);

    const adminTokens = new AuthTokensPage(adminPage);
    await expect(adminTokens.userHeading(testUser)).toBeVisible();
    await adminTokens.open();
    const description = `Delivered by admin ${Date.now()}`;
    const reveal = await adminTokens.generate(description);
    await expect(reveal.dialog).toContainText(/securely/i);
    const token = await reveal.token();
    expect(isWellFormedToken(token)).toBe(true);
    await reveal.close();
    await expect(adminTokens.row(description)).toContainText(`tsr_…${token.slice(-4)}`);

    const own = await openOwnAuthTokens(userPage, testUser);
    await expect(own.row(description)).toHaveCount(1);
    await expect(own.row(description)).toContainText(`tsr_…${token.slice(-4)}`);

    // It belongs to the user, not to the administrator who made it.
    const api = await anonymousApi(baseURL!);
    try {
      const { status, body } = await whoamiWithToken(api, 'bearer', token, testUser.username);
      expect(status).toBe(200);
      expect(body?.username).toBe(testUser.username);
    } finally {
      await api.dispose();
    }
  });
});
