import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { anonymousApi, whoamiWithToken } from '../support/tokens.js';

const DAY = 86_400_000;

test.describe('token policy in the console', () => {
  test('the default expiry is preselected and No expiry makes a token that never expires', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    const { defaultLifetimeDays } = await adminApi.tokenPolicy(testUser.id);
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();

    await (await tokens.generate('Default lifetime')).close();
    await (await tokens.generate('Never expires', 'No expiry')).close();
    await expect(tokens.row('Never expires')).toContainText(/never/i);

    const listed = await adminApi.listAuthTokens(testUser.id);
    const byDefault = listed.find((t) => t.description === 'Default lifetime');
    const expiresIn = Date.parse(byDefault?.expiresAt ?? '') - Date.now();
    expect(Math.abs(expiresIn - defaultLifetimeDays * DAY)).toBeLessThan(DAY);
    expect(listed.find((t) => t.description === 'Never expires')?.expiresAt).toBeNull();
  });

  test('a token expiring within 7 days is flagged', async ({ userPage: page, testUser, adminApi }) => {
    await adminApi.createAuthTokenExpiringAt(testUser.id, 'Ends soon', new Date(Date.now() + 3 * DAY).toISOString());
    await adminApi.createAuthTokenExpiringAt(testUser.id, 'Ends later', new Date(Date.now() + 60 * DAY).toISOString());
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    await expect(tokens.row('Ends soon')).toContainText(/expires soon/i);
    await expect(tokens.row('Ends later')).not.toContainText(/expires soon/i);
  });

  test('at the limit Generate Token is disabled and says why; deleting one enables it again', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    const { maxTokensPerUser } = await adminApi.tokenPolicy(testUser.id);
    test.skip(maxTokensPerUser > 25, 'the deployment allows too many tokens per user to fill in a test');
    for (let i = 1; i <= maxTokensPerUser; i++) await adminApi.createAuthToken(testUser.id, `Filler ${i}`);

    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    await expect(tokens.generateButton).toBeDisabled();
    await expect(tokens.generateButton).toHaveAccessibleDescription(/limit|maximum/i);
    await expect(page.getByText(`${maxTokensPerUser} of ${maxTokensPerUser}`)).toBeVisible();

    await tokens.delete(`Filler ${maxTokensPerUser}`);
    await expect(tokens.generateButton).toBeEnabled();
  });

  test('an administrator turns API tokens off for a user: their tokens are refused and they cannot generate', async ({
    adminPage,
    userPage,
    testUser,
    adminApi,
    baseURL,
  }) => {
    const { token } = await adminApi.createAuthToken(testUser.id, 'Before switch-off');
    const api = await anonymousApi(baseURL!);
    try {
      expect((await whoamiWithToken(api, 'bearer', token, testUser.username)).status).toBe(200);

      await new AppShell(adminPage).openIdentityUsers();
      const users = new UsersPage(adminPage);
      await users.openUser(testUser.username);
      const apiTokens = adminPage.getByRole('switch', { name: /api tokens/i });
      await expect(apiTokens).toBeChecked();
      await apiTokens.click();
      await expect(apiTokens).not.toBeChecked();

      expect((await whoamiWithToken(api, 'bearer', token, testUser.username)).status, 'while off').toBe(401);
      await new AppShell(userPage).openUserSettings();
      const own = new AuthTokensPage(userPage);
      await own.open();
      await expect(own.generateButton).toBeDisabled();
      await expect(own.generateButton).toHaveAccessibleDescription(/turned off|disabled/i);

      await apiTokens.click();
      await expect(apiTokens).toBeChecked();
      expect((await whoamiWithToken(api, 'bearer', token, testUser.username)).status, 'on again').toBe(200);
    } finally {
      await api.dispose();
    }
  });
});
