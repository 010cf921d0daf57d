import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { ChunkError } from '../pages/ChunkError.js';
import { SignInPage } from '../pages/SignInPage.js';
import { sameOrigin } from '../support/api.js';
import { useOwnClientAddress } from '../support/client-address.js';

test.describe('resilience', () => {
  test('a page whose code fails to load shows Retry inside the frame, keeps the URL, and loads on Retry', async ({
    adminPage: page,
  }) => {
    const shell = new AppShell(page);
    const chunk = new ChunkError(page);
    const unblock = await ChunkError.block(page, 'identity-activity');
    await shell.mainNav.getByRole('link', { name: 'Activity', exact: true }).click();
    await chunk.expectShown();
    // The frame stays: top bar, navigation, and the address of the page that was asked for.
    await expect(page).toHaveURL(/\/identity\/activity$/);
    await expect(shell.profileButton).toBeVisible();
    await expect(shell.mainNav).toBeVisible();

    await unblock();
    await chunk.retry.click();
    await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
    await expect(chunk.message).toHaveCount(0);
  });

  test('the Auth Tokens dialogs: a failed chunk shows Retry beside the list, and Retry opens the dialog', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    await adminApi.createAuthToken(testUser.id, 'Kept in place');
    const chunk = new ChunkError(page);
    const unblock = await ChunkError.block(page, 'dialogs');
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.expectLoaded();
    await tokens.generateButton.click();
    await chunk.expectShown();
    // The list and the page around it stay as they were.
    await expect(tokens.row('Kept in place')).toHaveCount(1);
    await expect(page).toHaveURL(/\/settings\/auth-tokens$/);

    await unblock();
    await chunk.retry.click();
    await tokens.generateDialog.expectOpen();
    await expect(chunk.message).toHaveCount(0);
  });

  test('429 says when to try again, from Retry-After', async ({ page }) => {
    // The real throttle counts per address: tripping it would lock every other test's sign-in out for 15 minutes.
    await page.route('**/api/session', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '736' },
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Too many requests',
          status: 429,
          detail: 'Too many failed sign-in attempts. Try again later.',
          code: 'too_many_requests',
        }),
      });
    });
    const signIn = new SignInPage(page);
    await signIn.goto('/');
    await signIn.signIn({ username: 'someone', password: 'whatever it is' });
    await expect(signIn.error).toHaveText('Too many failed sign-in attempts. Try again in 13 minutes.');
  });

  test('a failed sign-in moves focus to its message, which names neither field', async ({ page }) => {
    await useOwnClientAddress(page);
    const signIn = new SignInPage(page);
    await signIn.goto('/');
    // Field errors show on submit and clear as the field becomes valid.
    await signIn.submit.click();
    await expect(page.getByText('Username is required.')).toBeVisible();
    await signIn.username.fill('nobody-focus');
    await expect(page.getByText('Username is required.')).toHaveCount(0);
    await signIn.password.fill('not the right password');
    await signIn.submit.click();
    await expect(signIn.error).toBeVisible();
    await expect(signIn.error).toBeFocused();
  });

  test('a session that ends mid-use says so, and Sign in again returns to the same page', async ({
    userPage: page,
    baseURL,
    testUser,
  }) => {
    await new AppShell(page).openUserSettings();
    await new AuthTokensPage(page).expectLoaded();
    // Signed out elsewhere: the session is deleted on the server, the page does not know yet.
    const ended = await page.context().request.delete('/api/session', { headers: sameOrigin(baseURL!) });
    expect(ended.status()).toBe(204);

    await page.getByRole('navigation', { name: 'Resources' }).getByRole('link', { name: 'Activity' }).click();
    await expect(page.getByRole('heading', { name: 'Your session has ended.' })).toBeVisible();
    await expect(page.getByText('A valid credential is required.')).toHaveCount(0);
    await page.getByRole('link', { name: 'Sign in again', exact: true }).click();

    const signIn = new SignInPage(page);
    await signIn.expectVisible();
    await signIn.signIn(testUser);
    await expect(page).toHaveURL(/\/settings\/activity$/);
    await new AppShell(page).expectSignedIn();
  });
});
