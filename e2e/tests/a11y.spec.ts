import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

test.describe('accessibility (axe: no serious or critical violations)', () => {
  test('sign-in page', async ({ page }, testInfo) => {
    const signIn = new SignInPage(page);
    await signIn.goto('/');
    await expectNoSeriousA11yViolations(page, 'sign-in', testInfo);
    // The failure state too: the error must be perceivable and the fields still labelled.
    await signIn.signIn({ username: 'nobody-a11y', password: 'not the right password' });
    await expect(signIn.error).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'sign-in-failed', testInfo);
  });

  test('home page', async ({ userPage }, testInfo) => {
    await expectNoSeriousA11yViolations(userPage, 'home', testInfo);
  });

  test('User Settings → Auth Tokens, with the generate and reveal dialogs open', async ({
    userPage: page,
    testUser,
    adminApi,
  }, testInfo) => {
    // One existing token so the table is on the page, not only the empty state.
    await adminApi.createAuthToken(testUser.id, 'Existing token');
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    await expect(tokens.row('Existing token')).toHaveCount(1);
    await expectNoSeriousA11yViolations(page, 'user-settings-auth-tokens', testInfo);

    await tokens.generateButton.click();
    await tokens.generateDialog.expectOpen();
    await expectNoSeriousA11yViolations(page, 'generate-token-dialog', testInfo);

    await tokens.generateDialog.fill('Accessibility check');
    await tokens.generateDialog.submit();
    await tokens.revealDialog.expectOpen();
    await expectNoSeriousA11yViolations(page, 'reveal-token-dialog', testInfo);
    await tokens.revealDialog.close();

    await tokens.actionsButton('Existing token').click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'token-actions-menu', testInfo);
    await page.getByRole('menuitem', { name: 'Edit', exact: true }).click();
    await expect(tokens.editDialog).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'edit-token-dialog', testInfo);
    await page.keyboard.press('Escape');
    await expect(tokens.editDialog).toBeHidden();

    await tokens.chooseAction('Existing token', 'Delete');
    await expect(tokens.confirmDialog).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'delete-confirm-dialog', testInfo);
    await page.keyboard.press('Escape');
    await expect(tokens.confirmDialog).toBeHidden();
  });

  test('Identity → Users and a user’s details', async ({ adminPage, testUser }, testInfo) => {
    await new AppShell(adminPage).openIdentityUsers();
    const users = new UsersPage(adminPage);
    await users.expectLoaded();
    await expectNoSeriousA11yViolations(adminPage, 'identity-users', testInfo);

    await users.createUserButton.click();
    await expect(users.createDialog).toBeVisible();
    await expectNoSeriousA11yViolations(adminPage, 'create-user-dialog', testInfo);
    await adminPage.keyboard.press('Escape');
    await expect(users.createDialog).toBeHidden();

    await users.openUser(testUser.username);
    const details = new AuthTokensPage(adminPage);
    await expect(details.userHeading(testUser)).toBeVisible();
    await expect(details.resourcesNav).toBeVisible();
    await expectNoSeriousA11yViolations(adminPage, 'user-details', testInfo);
  });

  test('not-found page', async ({ userPage }, testInfo) => {
    await userPage.goto('/this-page-does-not-exist');
    await expect(userPage.getByRole('heading').first()).toBeVisible();
    await expectNoSeriousA11yViolations(userPage, 'not-found', testInfo);
  });
});
