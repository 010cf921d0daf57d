import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { strongPassword, uniqueName } from '../support/api.js';

test.describe('user administration', () => {
  test('an administrator creates a user in Identity → Users, who can then sign in', async ({
    adminPage,
    browser,
    baseURL,
  }) => {
    const shell = new AppShell(adminPage);
    await expect(shell.mainNav).toContainText('Identity');
    await shell.openIdentityUsers();
    const users = new UsersPage(adminPage);
    await users.expectLoaded();

    const username = uniqueName('created');
    const form = { username, displayName: `Created ${username}`, password: strongPassword() };
    await users.createUser(form);
    await users.searchFor(username);
    await expect(users.row(username)).toContainText(form.displayName);

    // The new user signs in in a browser of their own.
    const context = await browser.newContext({ baseURL: baseURL! });
    try {
      const page = await context.newPage();
      const signIn = new SignInPage(page);
      await signIn.goto('/');
      await signIn.signIn(form);
      const shell = new AppShell(page);
      await shell.expectSignedIn();
      const whoami = await page.request.get('/api/whoami');
      expect(whoami.status()).toBe(200);
      expect(await whoami.json()).toMatchObject({ username, role: 'user', authenticatedBy: 'session' });
      await expect(shell.usersLink).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  test('a non-administrator sees no Identity navigation and the users API refuses them', async ({ userPage }) => {
    const shell = new AppShell(userPage);
    await shell.expectSignedIn();
    await expect(userPage.getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);
    await expect(userPage.getByRole('button', { name: 'Identity' })).toHaveCount(0);
    await expect(userPage.getByRole('link', { name: 'Identity' })).toHaveCount(0);
    if ((await shell.mainNav.count()) > 0) await expect(shell.mainNav).not.toContainText('Identity');

    expect((await userPage.request.get('/api/users')).status()).toBe(403);
    // The same call as the console would make it: a same-origin fetch with the session cookie.
    const status = await userPage.evaluate(async () => (await fetch('/api/users')).status);
    expect(status).toBe(403);

    // Typing the address does not show the directory either.
    await userPage.goto('/identity/users');
    await shell.expectSignedIn();
    await expect(userPage.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(new UsersPage(userPage).createUserButton).toHaveCount(0);
    await expect(userPage.getByRole('table')).toHaveCount(0);
  });
});
