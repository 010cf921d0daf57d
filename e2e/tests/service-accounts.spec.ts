import { test, expect, signInPage } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { ServiceAccountsPage } from '../pages/ServiceAccountsPage.js';
import { uniqueName } from '../support/api.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { useOwnClientAddress } from '../support/client-address.js';

// Issue 21, point 5: a service account is a program's own identity. Its credentials belong to it, so they keep
// working when the person who owns it is disabled; the owner manages them from User Settings.
test.describe('service accounts', () => {
  test('an administrator creates one owned by a person; its token outlives the owner’s account; the owner manages it', async ({
    adminPage,
    adminApi,
    testUser,
    page,
    baseURL,
  }, testInfo) => {
    const whoami = async (token: string) => {
      const res = await adminPage.request.get('/api/whoami', { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status(), body: res.status() === 200 ? ((await res.json()) as { username: string }) : null };
    };
    const username = uniqueName('svc');
    const displayName = `Nightly export ${username}`;

    // Identity → Service accounts → Create service account, owned by the test user.
    const shell = new AppShell(adminPage);
    await shell.openIdentity();
    await shell.mainNav.getByRole('link', { name: 'Service accounts', exact: true }).click();
    const accounts = new ServiceAccountsPage(adminPage);
    await expect(adminPage.getByRole('heading', { name: 'Service accounts', level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(adminPage, 'Identity → Service accounts', testInfo);
    await accounts.create({
      username,
      displayName,
      description: 'exports the reports every night',
      owner: `${testUser.displayName} (${testUser.username})`,
      ownerSearch: testUser.username,
    });
    await expect(accounts.badge).toBeVisible();
    await expect(accounts.detail('Owner')).toContainText(testUser.displayName);
    await expect(adminPage.getByRole('navigation', { name: 'Resources' })).toBeVisible();

    // Its Auth Tokens, as on a user's page: Generate Token, the secret shown once; it works as the service account.
    const tokens = new AuthTokensPage(adminPage);
    await tokens.open();
    const reveal = await tokens.generate('made by the administrator');
    const adminMade = await reveal.token();
    await reveal.close();
    expect(await whoami(adminMade)).toEqual({ status: 200, body: expect.objectContaining({ username }) });
    await expectNoSeriousA11yViolations(adminPage, 'a service account’s Auth Tokens', testInfo);

    // The owner, no administrator, finds it under User Settings → Service accounts and manages its tokens there.
    await signInPage(page, baseURL!, testUser);
    await new AppShell(page).openUserSettings();
    await page.getByRole('navigation', { name: 'Resources' }).getByRole('link', { name: 'Service accounts' }).click();
    const mine = new ServiceAccountsPage(page);
    await expect(mine.row(displayName)).toContainText('1 token');
    await expectNoSeriousA11yViolations(page, 'User Settings → Service accounts', testInfo);
    await mine.open(displayName);
    await expect(mine.heading(displayName)).toBeVisible();
    await expect(mine.deleteButton).toHaveCount(0);
    const ownerTokens = new AuthTokensPage(page);
    await ownerTokens.open();
    await expect(ownerTokens.row('made by the administrator')).toBeVisible();
    const ownerReveal = await ownerTokens.generate('made by its owner');
    const ownerMade = await ownerReveal.token();
    await ownerReveal.close();
    expect((await whoami(ownerMade)).status).toBe(200);
    await ownerTokens.chooseAction('made by its owner', 'Delete');
    await ownerTokens.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(ownerTokens.row('made by its owner')).toHaveCount(0);
    expect((await whoami(ownerMade)).status).toBe(401);
    await expectNoSeriousA11yViolations(page, 'a service account’s page for its owner', testInfo);

    // The owner is disabled: the service account's token still works, and the ownership is still on record.
    await adminApi.updateUser(testUser.id, { disabled: true });
    expect(await whoami(adminMade)).toEqual({ status: 200, body: expect.objectContaining({ username }) });
    await adminPage.reload();
    await expect(accounts.detail('Owner')).toContainText('Disabled');

    // An administrator hands it over to the administrators, by keyboard; the toast says so.
    await accounts.transferWithKeyboard('Administrators');
    await expect(accounts.toast(`Handed ${username} over to the administrators.`)).toBeVisible();
    await expect(accounts.detail('Owner')).toHaveText('Administrators');

    // Disabled, its token is refused; enabled again, it works.
    await accounts.disableButton.click();
    await accounts.confirmDialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await expect(accounts.toast(`Disabled ${username}`)).toBeVisible();
    expect((await whoami(adminMade)).status).toBe(401);
    await accounts.enableButton.click();
    await expect(accounts.toast(`Enabled ${username}`)).toBeVisible();
    expect((await whoami(adminMade)).status).toBe(200);

    // Deleted, with its credentials.
    await accounts.deleteButton.click();
    await expect(accounts.confirmDialog).toContainText('1 token');
    await accounts.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(accounts.toast(`Deleted ${username} and its credentials.`)).toBeVisible();
    await expect(adminPage.getByRole('heading', { name: 'Service accounts', level: 1 })).toBeVisible();
    expect((await whoami(adminMade)).status).toBe(401);
  });

  test('the Owner box finds a person past the first hundred by typing; picked by keyboard, they own it', async ({
    adminPage,
    adminApi,
  }, testInfo) => {
    // A hundred and one people whose names share a prefix: the last is past the first hundred of them by username.
    testInfo.setTimeout(testInfo.timeout + 60_000);
    const prefix = uniqueName('owner');
    const people = await adminApi.createPeople(prefix, 101);
    const last = people.at(-1)!;
    const username = uniqueName('svc-handover');
    const { id } = await adminApi.createServiceAccount(username);
    await adminPage.goto(`/identity/service-accounts/${id}`);
    const accounts = new ServiceAccountsPage(adminPage);
    await expect(accounts.badge).toBeVisible();
    await expect(accounts.detail('Owner')).toHaveText('Administrators');

    await accounts.openTransferWithKeyboard();
    const dialog = accounts.transferDialog;
    const box = accounts.ownerBox(dialog);
    const list = accounts.ownerOptions(dialog);
    await expect(box).toHaveValue('Administrators');

    // The prefix alone: the first ten of 101 are listed, not the last; the administrators are no match for it.
    await adminPage.keyboard.type(prefix);
    await expect(accounts.ownerStatus(dialog)).toHaveText(
      'The first 10 of 101 people: type more of a name to narrow them.',
    );
    await expect(list.getByRole('option')).toHaveCount(10);
    await expect(list.getByRole('option', { name: people[0]!.username })).toBeVisible();
    await expect(list.getByRole('option', { name: last.username })).toHaveCount(0);
    await expect(list.getByRole('option', { name: 'Administrators' })).toHaveCount(0);
    await expectNoSeriousA11yViolations(adminPage, 'Transfer ownership, the Owner list open', testInfo);

    // Nobody by that name: said so, and nothing to choose.
    await adminPage.keyboard.type('-nobody');
    await expect(accounts.ownerStatus(dialog)).toHaveText('No people match.');
    await expect(list).toBeHidden();
    // Escape closes the list, not the dialog; the box shows the owner chosen before, selected, so typing replaces it.
    await adminPage.keyboard.press('Escape');
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await expect(dialog).toBeVisible();
    await expect(box).toHaveValue('Administrators');

    // The whole username finds the last one; Down, Enter, then the submit, all by keyboard.
    await accounts.chooseOwnerByKeyboard(dialog, `${last.displayName} (${last.username})`, last.username);
    await accounts.submitTransferWithKeyboard();
    await expect(accounts.toast(`Handed ${username} over to ${last.displayName}.`)).toBeVisible();
    await expect(accounts.detail('Owner')).toContainText(last.displayName);
  });

  test('a service account cannot sign in to the console: the same error as an unknown user', async ({
    adminApi,
    page,
  }) => {
    await useOwnClientAddress(page);
    const username = uniqueName('svc-nosignin');
    await adminApi.createServiceAccount(username);
    const signIn = new SignInPage(page);
    await signIn.goto('/');
    await signIn.signIn({ username, password: 'any password at all 123' });
    await expect(signIn.error).toBeVisible();
    const asAccount = (await signIn.error.innerText()).trim();
    await page.reload();
    await signIn.signIn({ username: uniqueName('nobody'), password: 'any password at all 123' });
    await expect(signIn.error).toBeVisible();
    expect((await signIn.error.innerText()).trim()).toBe(asAccount);
  });
});
