import { test, expect, signInPage } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { expectNoHorizontalScroll } from '../pages/Layout.js';
import { SignInPage } from '../pages/SignInPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

const PHONE = { width: 390, height: 844 };

test.describe('the console frame', () => {
  test('on a 390 px phone no page scrolls sideways, and Menu opens and closes the navigation', async ({
    browser,
    baseURL,
    admin,
    adminApi,
    testUser,
  }) => {
    test.setTimeout(90_000);
    await adminApi.createAuthToken(testUser.id, 'a token with a long description for the nightly deploy pipeline');
    const context = await browser.newContext({ baseURL, viewport: PHONE });
    const page = await context.newPage();

    await new SignInPage(page).goto('/');
    await expectNoHorizontalScroll(page, 'sign-in');

    await signInPage(page, baseURL!, admin);
    const shell = new AppShell(page);
    const user = `/identity/users/${testUser.id}`;
    for (const path of [
      '/',
      '/settings/auth-tokens',
      '/settings/activity',
      '/settings/oauth2-credentials',
      '/settings/security',
      '/identity',
      '/identity/users',
      `${user}/auth-tokens`,
      `${user}/activity`,
      `${user}/oauth2-credentials`,
      `${user}/sessions`,
      '/identity/activity',
      '/docs/api',
      '/no-such-page',
    ]) {
      await page.goto(path);
      await shell.expectSignedIn();
      // The page itself, not a loading state or a chunk error, and whatever it fetched, before measuring it.
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoHorizontalScroll(page, path);
    }

    // The navigation is behind Menu: it opens as a drawer, Escape closes it and focus returns to Menu.
    await expect(shell.mainNav).toBeHidden();
    await expect(shell.menuButton).toHaveAttribute('aria-expanded', 'false');
    await shell.menuButton.click();
    await expect(shell.mainNav).toBeVisible();
    await expect(shell.menuButton).toHaveAttribute('aria-expanded', 'true');
    await expect(shell.mainNav.getByRole('link').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(shell.mainNav).toBeHidden();
    await expect(shell.menuButton).toBeFocused();
    // Tabbing past its last link to the page behind closes it too.
    await shell.menuButton.click();
    await shell.apiReferenceLink.focus();
    await page.keyboard.press('Tab');
    await expect(shell.mainNav).toBeHidden();
    // Following a link in it closes it.
    await shell.menuButton.click();
    await shell.apiReferenceLink.click();
    await expect(page).toHaveURL(/\/docs\/api$/);
    await expect(shell.mainNav).toBeHidden();
    await expect(shell.menuButton).toHaveAttribute('aria-expanded', 'false');

    // The Profile menu fits on the screen.
    await shell.openProfileMenu();
    const box = (await shell.profileMenu.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  test('Profile → My Profile lands on User Settings; Identity → Users by clicking Identity first; API reference is in the navigation', async ({
    adminPage,
  }) => {
    const shell = new AppShell(adminPage);
    await shell.openMyProfile();
    await expect(adminPage).toHaveURL(/\/settings\/auth-tokens$/);
    await expect(adminPage.getByRole('navigation', { name: 'Resources', exact: true })).toBeVisible();

    await shell.openIdentityUsers();
    await new UsersPage(adminPage).expectLoaded();
    await expect(adminPage).toHaveURL(/\/identity\/users$/);

    await shell.apiReferenceLink.click();
    await expect(adminPage).toHaveURL(/\/docs\/api$/);
    await expect(adminPage.getByRole('heading', { level: 1 })).toBeVisible();
  });

  test('dark mode follows the system and passes axe; the Profile menu chooses a theme that is remembered', async ({
    adminPage: page,
    testUser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const shell = new AppShell(page);
    const dark = () => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(dark).toBe('dark');
    for (const path of [
      '/',
      '/settings/auth-tokens',
      '/identity',
      '/identity/users',
      `/identity/users/${testUser.id}`,
    ]) {
      await page.goto(path);
      await expectNoHorizontalScroll(page, path);
      await expectNoSeriousA11yViolations(page, `dark ${path}`, testInfo);
    }
    await shell.openProfileMenu();
    await expectNoSeriousA11yViolations(page, 'dark profile menu', testInfo);
    await page.keyboard.press('Escape');
    await page.goto('/settings/auth-tokens');
    const tokens = new AuthTokensPage(page);
    await tokens.generateButton.click();
    await tokens.generateDialog.expectOpen();
    await expectNoSeriousA11yViolations(page, 'dark generate dialog', testInfo);
    await page.keyboard.press('Escape');

    // A light system, then Dark chosen in the Profile menu: dark now and after a reload.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(dark).toBe('light');
    await shell.chooseTheme('Dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(dark).toBe('dark');
    await page.reload();
    await shell.expectSignedIn();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(dark).toBe('dark');
    await shell.openProfileMenu();
    await expect(shell.themeOption('Dark')).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');

    // System again: the attribute goes, the system's light applies.
    await shell.chooseTheme('System');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    await expect.poll(dark).toBe('light');
  });
});

test('the sign-in page in dark mode passes axe', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const signIn = new SignInPage(page);
  await signIn.goto('/');
  await expectNoSeriousA11yViolations(page, 'dark sign-in', testInfo);
});
