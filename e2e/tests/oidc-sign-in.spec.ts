import { test, expect } from '../fixtures.js';
import { ActivityPage } from '../pages/ActivityPage.js';
import { AppShell } from '../pages/AppShell.js';
import { OidcProviderPages } from '../pages/OidcProviderPages.js';
import { SignInPage } from '../pages/SignInPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { OIDC_ACCOUNTS, OIDC_PROVIDER_NAME, oidcIssuer } from '../support/oidc.js';

// Issue 21, point 6: sign-in through the organisation's OpenID provider — a real one (oidc-provider, started by
// playwright.config.ts), through its own login page, in Chromium.
test.describe('sign in with the organisation’s OpenID provider', () => {
  test.skip(!oidcIssuer(), 'needs the suite’s own OpenID provider (not run against E2E_BASE_URL)');

  test('a new user signs in through the provider, is created just in time, and signs out at the provider too', async ({
    page,
  }, testInfo) => {
    const signIn = new SignInPage(page);
    const provider = new OidcProviderPages(page, oidcIssuer()!);
    const shell = new AppShell(page);

    await page.goto('/settings/auth-tokens');
    await expect(signIn.organisation(OIDC_PROVIDER_NAME)).toBeVisible();
    // The password form stays beside it (TESSERA_LOCAL_SIGN_IN is not false here).
    await signIn.expectVisible();
    await expectNoSeriousA11yViolations(page, 'sign-in page with the OpenID provider', testInfo);
    await signIn.organisation(OIDC_PROVIDER_NAME).click();

    await provider.signInAs(OIDC_ACCOUNTS.user.login);
    // Back where the sign-in started, signed in as the user the provider's claims describe.
    await expect(page).toHaveURL(/\/settings\/auth-tokens$/);
    await shell.expectSignedIn();
    await expect(page.getByRole('heading', { name: OIDC_ACCOUNTS.user.name, exact: true })).toBeVisible();
    const me = await page.request.get('/api/whoami');
    expect(await me.json()).toMatchObject({ username: OIDC_ACCOUNTS.user.preferred_username, role: 'user' });
    await shell.showNavigation();
    await expect(shell.identityLink).toHaveCount(0);
    // No password here to change: Security shows the sessions, not Change password.
    await page.getByRole('navigation', { name: 'Resources' }).getByRole('link', { name: 'Security' }).click();
    await expect(page.getByRole('table', { name: 'Sessions' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Change password' })).toHaveCount(0);

    await shell.signOutViaMenu();
    await provider.confirmLogout();
    await signIn.expectVisible();
    expect((await page.request.get('/api/session')).status()).toBe(401);
    // Signed out at the provider too: the next sign-in asks for the login again.
    await signIn.organisation(OIDC_PROVIDER_NAME).click();
    await expect(provider.login).toBeVisible();
  });

  test('an account with the administrators’ claim is an administrator and sees Identity', async ({ page }) => {
    const signIn = new SignInPage(page);
    const provider = new OidcProviderPages(page, oidcIssuer()!);
    const shell = new AppShell(page);

    await page.goto('/');
    await signIn.organisation(OIDC_PROVIDER_NAME).click();
    await provider.signInAs(OIDC_ACCOUNTS.admin.login);
    await shell.expectSignedIn();
    await shell.showNavigation();
    await shell.identityLink.click();
    await shell.usersLink.click();
    const users = new UsersPage(page);
    await users.expectLoaded();
    // Searched for: the suite's other users would page it out of the first screen.
    await users.searchFor(OIDC_ACCOUNTS.admin.preferred_username);
    await expect(await users.cell(OIDC_ACCOUNTS.admin.preferred_username, 'Role')).toContainText(/admin/i);
  });

  test('a refused sign-in comes back to the sign-in page saying why, and the administrator sees it in Activity', async ({
    page,
    adminPage,
  }) => {
    const signIn = new SignInPage(page);
    // An answer this browser never asked for (someone else's code, or a stale tab) is refused.
    await page.goto('/api/session/oidc/callback?code=not-yours&state=not-yours');
    await expect(page).toHaveURL(/\/signin\?error=oidc_state$/);
    await expect(signIn.error).toContainText('not started here');
    await signIn.expectVisible();

    // Audited as a failed sign-in, as a wrong password is: its reason in words, nothing of what was sent.
    const activity = new ActivityPage(adminPage);
    await activity.openFromIdentity();
    await activity.filter({ action: 'Sign-in' });
    const refused = activity.row('Sign-in', 'no sign-in under way in this browser').first();
    await expect(refused).toContainText('Failure');
    await expect(refused).toContainText('Organisation sign-in (OpenID Connect)');
    await expect(activity.table).not.toContainText('not-yours');
  });
});
