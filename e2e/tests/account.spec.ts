import type { Browser, Page } from '@playwright/test';
import { expect, signInPage, test } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { ConfirmItsYouDialog, SecurityPage } from '../pages/SecurityPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { signInWithApi, strongPassword, type Credentials } from '../support/api.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { ageSessionAuthentication } from '../support/sessions.js';
import { useOwnClientAddress } from '../support/client-address.js';

const FIREFOX_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** Another browser signed in as `who`: its own context (cookies), with its own user agent. */
async function otherBrowser(browser: Browser, baseURL: string, who: Credentials, userAgent = FIREFOX_UA) {
  const context = await browser.newContext({ baseURL, userAgent });
  await signInWithApi(context.request, baseURL, who);
  return context;
}

async function openSecurity(page: Page): Promise<SecurityPage> {
  await new AppShell(page).openUserSettings();
  const security = new SecurityPage(page);
  await security.open();
  return security;
}

test.describe('own password and sessions (User Settings → Security)', () => {
  test('lists the sessions of two browsers, This session marked; signs the other out from its row', async ({
    userPage: page,
    testUser,
    browser,
    baseURL,
  }) => {
    const other = await otherBrowser(browser, baseURL!, testUser);
    const security = await openSecurity(page);
    await expect(security.sessionRows()).toHaveCount(2);
    await expect(security.currentRow()).toHaveCount(1);
    const firefox = security.sessionRows().filter({ hasText: 'Firefox on Windows' });
    await expect(firefox).toHaveCount(1);
    await expect(firefox).toContainText('127.0.0.1');

    await firefox.getByRole('button', { name: /^Sign out/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Signed out Firefox on Windows' })).toBeVisible();
    await expect(security.sessionRows()).toHaveCount(1);
    // The row is gone: focus waits on the section's heading, not on the page's body.
    await expect(page.getByRole('heading', { name: 'Sessions' })).toBeFocused();
    expect((await other.request.get('/api/whoami')).status()).toBe(401);
    await other.close();
  });

  test('signs out everywhere else after a confirmation, keeping this session', async ({
    userPage: page,
    testUser,
    browser,
    baseURL,
  }) => {
    const a = await otherBrowser(browser, baseURL!, testUser);
    const b = await otherBrowser(browser, baseURL!, testUser, 'curl/8.5.0');
    const security = await openSecurity(page);
    await expect(security.sessionRows()).toHaveCount(3);
    await security.signOutEverywhereElse.click();
    const confirm = page.getByRole('alertdialog', { name: 'Sign out everywhere else?' });
    await expect(confirm).toContainText('2 sessions');
    await confirm.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Signed out of 2 other sessions.' })).toBeVisible();
    await expect(security.sessionRows()).toHaveCount(1);
    await expect(security.signOutEverywhereElse).toBeDisabled();
    await expect(page.getByRole('heading', { name: 'Sessions' })).toBeFocused();
    await expect(security.currentRow()).toHaveCount(1);
    expect((await a.request.get('/api/whoami')).status()).toBe(401);
    expect((await b.request.get('/api/whoami')).status()).toBe(401);
    expect((await page.request.get('/api/whoami')).status()).toBe(200);
    await a.close();
    await b.close();
  });

  test('changes the password with the current one: a wrong one is refused on its field, the other browser is signed out', async ({
    userPage: page,
    testUser,
    browser,
    baseURL,
  }) => {
    await useOwnClientAddress(page);
    const other = await otherBrowser(browser, baseURL!, testUser);
    const security = await openSecurity(page);
    const next = strongPassword();

    await security.changePassword('not the current password', next);
    await expect(security.currentPassword).toHaveAccessibleDescription(/Current password is incorrect/);
    await security.changePassword(testUser.password, next, `${next}-typo`);
    await expect(security.confirmPassword).toHaveAccessibleDescription(/does not match/);

    // By keyboard: Enter in the last field submits.
    await security.currentPassword.fill(testUser.password);
    await security.newPassword.fill(next);
    await security.confirmPassword.fill(next);
    await security.confirmPassword.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: 'Password changed. Your other sessions were signed out.' }),
    ).toBeVisible();
    await expect(security.currentPassword).toHaveValue('');
    expect((await other.request.get('/api/whoami')).status()).toBe(401);
    expect((await page.request.get('/api/whoami')).status()).toBe(200);
    await expect(security.sessionRows()).toHaveCount(1);
    await other.close();

    // The new password signs in; the old one does not.
    const fresh = await browser.newContext({ baseURL: baseURL! });
    expect(
      (
        await fresh.request.post('/api/session', {
          data: { username: testUser.username, password: testUser.password },
          headers: { Origin: baseURL! },
        })
      ).status(),
    ).toBe(401);
    await signInWithApi(fresh.request, baseURL!, { username: testUser.username, password: next });
    await fresh.close();
  });

  test('Security page has no serious accessibility violations', async ({ userPage: page }, testInfo) => {
    await openSecurity(page);
    await expectNoSeriousA11yViolations(page, 'User Settings → Security', testInfo);
  });
});

test.describe('step-up: Confirm it’s you', () => {
  test('an old session confirms with its password, then Generate Token goes ahead by itself; Cancel changes nothing', async ({
    userPage: page,
    testUser,
  }, testInfo) => {
    await useOwnClientAddress(page);
    const tokens = new AuthTokensPage(page);
    await new AppShell(page).openUserSettings();
    await tokens.expectLoaded();
    test.skip(!ageSessionAuthentication(testUser.username), 'needs the suite’s own server to age the session');

    await tokens.generateButton.click();
    await tokens.generateDialog.fill('after confirming');
    await tokens.generateDialog.submit();
    const confirm = new ConfirmItsYouDialog(page);
    await expect(confirm.dialog).toBeVisible();
    await expect(confirm.password).toBeFocused();
    await expectNoSeriousA11yViolations(page, 'Confirm it’s you', testInfo);
    await confirm.confirmWith('not my password at all');
    await expect(confirm.dialog.getByText('The password is incorrect.')).toBeVisible();
    await confirm.confirmWith(testUser.password);
    await expect(confirm.dialog).toBeHidden();
    // The refused Generate was sent again: the token is shown once, as after any Generate.
    await tokens.revealDialog.expectOpen();
    await tokens.revealDialog.copy();
    await tokens.revealDialog.closeButton.click();
    await expect(tokens.row('after confirming')).toBeVisible();

    // Old again: Cancel fails the change with a clear message and keeps the session.
    ageSessionAuthentication(testUser.username);
    await tokens.generateButton.click();
    await tokens.generateDialog.fill('never made');
    await tokens.generateDialog.submit();
    await expect(confirm.dialog).toBeVisible();
    await confirm.cancelButton.click();
    await expect(confirm.dialog).toBeHidden();
    await expect(tokens.generateDialog.dialog).toContainText('Nothing was changed');
    await expect(page.getByText('Your session has ended')).toHaveCount(0);
    expect((await page.request.get('/api/whoami')).status()).toBe(200);
  });
});

test.describe('an administrator and a user’s sessions', () => {
  test('sees the user’s sessions on their page and signs them all out', async ({
    adminPage,
    testUser,
    browser,
    baseURL,
  }) => {
    const userBrowser = await otherBrowser(browser, baseURL!, testUser);
    await new AppShell(adminPage).openIdentityUsers();
    await new UsersPage(adminPage).openUser(testUser.username);
    const sessions = new SecurityPage(adminPage);
    await sessions.sessionsLink.click();
    await expect(sessions.sessionRows()).toHaveCount(1);
    await expect(sessions.currentRow()).toHaveCount(0);
    await sessions.signOutAll.click();
    await adminPage
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Sign out all sessions', exact: true })
      .click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Ended 1 session.' })).toBeVisible();
    await expect(adminPage.getByText('No sessions')).toBeVisible();
    expect((await userBrowser.request.get('/api/whoami')).status()).toBe(401);
    await userBrowser.close();
  });

  test('a browser signed out from another one is sent to sign in on its next page', async ({
    userPage: page,
    testUser,
    browser,
    baseURL,
  }) => {
    // Two browsers of the same user; the second signs the first out, whose next action says the session ended.
    const second = await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } });
    const secondPage = await second.newPage();
    await signInPage(secondPage, baseURL!, testUser);
    const security = await openSecurity(secondPage);
    await security.signOutEverywhereElse.click();
    await secondPage
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Sign out everywhere else', exact: true })
      .click();
    await expect(secondPage.getByRole('status').filter({ hasText: 'Signed out of 1 other session.' })).toBeVisible();
    await page.reload();
    await expect(page).toHaveURL(/\/signin/);
    await second.close();
  });
});
