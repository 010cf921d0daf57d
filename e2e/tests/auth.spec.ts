import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { uniqueName } from '../support/api.js';
import { useOwnClientAddress } from '../support/client-address.js';

test.describe('sign-in and sign-out', () => {
  test('a user signs in with the form and signs out from the Profile menu', async ({ page, testUser }) => {
    const signIn = new SignInPage(page);
    const shell = new AppShell(page);

    await signIn.goto('/');
    await signIn.signIn(testUser);
    await shell.expectSignedIn();
    await expect(signIn.password).toHaveCount(0);

    await shell.signOutViaMenu();
    await signIn.expectVisible();
    // Signing out must end the session on the server, not only in the page.
    expect((await page.request.get('/api/session')).status()).toBe(401);
    await page.reload();
    await signIn.expectVisible();
    await expect(shell.profileButton).toHaveCount(0);
  });

  test('a wrong password and an unknown user get the same error, which names neither field', async ({
    page,
    testUser,
  }) => {
    await useOwnClientAddress(page);
    const signIn = new SignInPage(page);
    await signIn.goto('/');

    await signIn.signIn({ username: testUser.username, password: `${testUser.password}-wrong` });
    await expect(signIn.error).toBeVisible();
    const wrongPassword = (await signIn.error.innerText()).trim();
    await signIn.expectVisible();

    await page.reload();
    await signIn.signIn({ username: uniqueName('nobody'), password: testUser.password });
    await expect(signIn.error).toBeVisible();
    const unknownUser = (await signIn.error.innerText()).trim();

    expect(unknownUser, 'the message must not reveal whether the username exists').toBe(wrongPassword);
    expect(wrongPassword).not.toMatch(/unknown user|no such user|not found|does(n'?t| not) exist/i);
    // A message about the password alone would tell that the username is right.
    if (/password/i.test(wrongPassword)) expect(wrongPassword).toMatch(/username/i);

    // The failures did not lock the real user out.
    await signIn.signIn(testUser);
    await new AppShell(page).expectSignedIn();
  });

  test('a deep link while signed out leads to sign-in and then back to the page asked for', async ({
    page,
    testUser,
  }) => {
    const signIn = new SignInPage(page);
    await page.goto('/settings/auth-tokens');
    await signIn.expectVisible();

    await signIn.signIn(testUser);
    await new AppShell(page).expectSignedIn();
    await expect(page).toHaveURL(/\/settings\/auth-tokens\/?$/);
    await new AuthTokensPage(page).expectLoaded();
  });

  test('a return path to another origin is ignored: signing in stays on the console', async ({ page, testUser }) => {
    const signIn = new SignInPage(page);
    await signIn.goto(`/signin?next=${encodeURIComponent('/\\evil.example/')}`);
    const origin = new URL(page.url()).origin;
    await signIn.signIn(testUser);
    await new AppShell(page).expectSignedIn();
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe('/');
  });
});
