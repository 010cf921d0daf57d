import { test, expect } from '../fixtures.js';
import { signInWithApi } from '../support/api.js';
import { ActivityPage } from '../pages/ActivityPage.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

test.describe('activity: who created, used or deleted a token, when and from where', () => {
  test('a user generates and deletes a token and sees both under User Settings → Activity; an administrator finds them under Identity → Activity filtered by the user', async ({
    userPage: page,
    testUser,
    adminPage,
  }, testInfo) => {
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    const description = `activity ${Date.now()}`;
    const reveal = await tokens.generate(description);
    await reveal.close();
    await tokens.delete(description);

    const activity = new ActivityPage(page);
    await activity.openFromResources();
    await activity.expectColumns();
    const created = activity.row('Token generated', description);
    const deleted = activity.row('Token deleted');
    await expect(created).toHaveCount(1);
    await expect(created).toContainText(testUser.username);
    await expect(created).toContainText('Success');
    await expect(created).toContainText('127.0.0.1');
    await expect(deleted).toHaveCount(1);
    await expect(activity.row('Sign-in', testUser.username).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'user-settings-activity', testInfo);

    // The administrator answers "who created and deleted this token, when and from where" from the console alone.
    await new AppShell(adminPage).expectSignedIn();
    const org = new ActivityPage(adminPage);
    await org.openFromIdentity();
    await org.filter({ user: testUser.username });
    await expect(adminPage).toHaveURL(new RegExp(`user=${testUser.username}`));
    const adminCreated = org.row('Token generated', description);
    await expect(adminCreated).toHaveCount(1);
    await expect(adminCreated).toContainText(testUser.username);
    await expect(adminCreated).toContainText('127.0.0.1');
    await expect(adminCreated.getByRole('cell').first().locator('time')).toHaveAttribute('datetime', /^\d{4}-/);
    await expect(org.row('Token deleted')).toHaveCount(1);
    // Every row is about this user only.
    const targets = await org.table
      .getByRole('row')
      .filter({ hasNot: adminPage.getByRole('columnheader') })
      .count();
    await expect(org.row(testUser.username)).toHaveCount(targets);

    await expectNoSeriousA11yViolations(adminPage, 'identity-activity', testInfo);

    await org.filter({ action: 'Token deleted' });
    await expect(org.row('Token generated')).toHaveCount(0);
    await expect(org.row('Token deleted')).toHaveCount(1);

    // The exports carry the same filters and come as attachments.
    const csvHref = await org.exportCsv.getAttribute('href');
    expect(csvHref).toContain('format=csv');
    expect(csvHref).toContain('action=auth_token.delete');
    const csv = await adminPage.request.get(csvHref!);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(await csv.text()).toContain('auth_token.delete');
  });

  test('every action has words and can be chosen: filtering by an OAuth action shows exactly its events, with the client named', async ({
    adminApi,
    adminPage,
    testUser,
  }) => {
    const client = `e2e client ${Date.now()}`;
    const { id } = await adminApi.createOAuth2Client(testUser.id, client);
    await adminApi.resetOAuth2ClientSecret(testUser.id, id);

    const activity = new ActivityPage(adminPage);
    await activity.openFromIdentity();
    const choices = (await activity.actionChoices()).filter((c) => c !== 'All actions');
    expect(choices.length).toBeGreaterThanOrEqual(20);
    expect(
      choices.filter((c) => /^[a-z0-9_.]+$/.test(c)),
      'no action offered as a raw code',
    ).toEqual([]);
    for (const label of ['OAuth client secret reset', 'OAuth access token request', 'Keystone token request']) {
      expect(choices).toContain(label);
    }

    await activity.filter({ user: testUser.username, action: 'OAuth client secret reset' });
    await expect(adminPage).toHaveURL(/action=oauth2_client\.reset_secret/);
    await expect(activity.bodyRows()).toHaveCount(1);
    await expect(activity.row('OAuth client secret reset')).toHaveCount(1);

    await activity.filter({ action: 'OAuth client created' });
    await expect(activity.bodyRows()).toHaveCount(1);
    await expect(activity.row('OAuth client created', client)).toHaveCount(1);
    await expect(activity.table).not.toContainText('oauth2_client');

    await activity.clearButton.click();
    await expect(adminPage).not.toHaveURL(/action=/);
    await expect(activity.actionFilter).toHaveValue('');
  });

  test('"User changed" says what changed, a deleted token keeps its description, the user agent is short with the whole string at hand, and the page fits from 390 to 1440 px', async ({
    adminApi,
    adminPage,
    testUser,
    playwright,
    baseURL,
  }, testInfo) => {
    await adminApi.updateUser(testUser.id, { role: 'admin' });
    await adminApi.updateUser(testUser.id, { role: 'user', apiTokensEnabled: false });
    await adminApi.updateUser(testUser.id, { apiTokensEnabled: true });
    const description = `deleted ${Date.now()}`;
    const token = await adminApi.createAuthToken(testUser.id, description);
    await adminApi.deleteAuthToken(testUser.id, token.id);
    const script = await playwright.request.newContext({ baseURL: baseURL!, userAgent: 'python-requests/2.32.3' });
    await signInWithApi(script, baseURL!, testUser);
    await script.dispose();

    const activity = new ActivityPage(adminPage);
    await activity.openFromIdentity();
    await activity.filter({ user: testUser.username });
    await activity.expectColumns();

    await expect(activity.row('User changed', 'Role: User → Administrator')).toHaveCount(1);
    const tokensOff = activity.row('User changed', 'API tokens turned off');
    await expect(tokensOff).toHaveCount(1);
    await expect(tokensOff).toContainText('Role: Administrator → User');
    await expect(activity.row('User changed', 'API tokens turned on')).toHaveCount(1);
    await expect(activity.row('Token deleted', description)).toHaveCount(1);
    await expect(activity.row('Token deleted', description)).toContainText(token.hint);

    const signIn = activity.row('Sign-in', 'python-requests/2.32');
    await expect(signIn).toHaveCount(1);
    const agent = activity.userAgentOf(signIn, 'python-requests/2.32');
    await expect(agent).toHaveAttribute('title', 'python-requests/2.32.3');
    // Screen readers get the whole string; the short one is for the eye.
    await expect(agent).toContainText('python-requests/2.32.3');
    await expect(signIn.getByText('python-requests/2.32', { exact: true })).toBeVisible();
    const when = signIn.getByRole('cell').first().locator('time');
    await expect(when).toHaveText(/ago|just now/);
    await expect(when).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
    await expect(when).toHaveAttribute('title', /\d/);

    for (const width of [1440, 1024]) {
      await adminPage.setViewportSize({ width, height: 900 });
      await activity.expectExportsBesideHeading();
      await activity.expectNoHorizontalOverflow({ tableFits: true });
      const filterTops = await Promise.all(
        [activity.userFilter, activity.actionFilter, activity.fromFilter, activity.toFilter, activity.applyButton].map(
          async (l) => Math.round((await l.boundingBox())!.y),
        ),
      );
      expect(new Set(filterTops).size, `the filters share one row at ${width} px`).toBe(1);
    }
    await adminPage.setViewportSize({ width: 390, height: 844 });
    await activity.expectNoHorizontalOverflow({ tableFits: false });
    await expect(activity.exportCsv).toBeVisible();
    await expectNoSeriousA11yViolations(adminPage, 'identity-activity-390', testInfo);
    await adminPage.emulateMedia({ colorScheme: 'dark' });
    await expectNoSeriousA11yViolations(adminPage, 'identity-activity-390-dark', testInfo);
  });

  test('a list that fails to load says so with Retry, which loads it without leaving the page; no match gives an empty state', async ({
    userPage: page,
  }) => {
    await new AppShell(page).openUserSettings();
    let failing = true;
    await page.route('**/api/users/me/activity*', (route) =>
      failing
        ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"title":"Unavailable"}' })
        : route.fallback(),
    );
    const activity = new ActivityPage(page);
    await page
      .getByRole('navigation', { name: 'Resources', exact: true })
      .getByRole('link', { name: 'Activity' })
      .click();
    const alert = page.getByRole('alert').filter({ hasText: 'Activity could not be loaded.' });
    await expect(alert).toBeVisible();
    failing = false;
    await alert.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(activity.table).toBeVisible();
    await expect(alert).toBeHidden();
    await expect(activity.heading).toBeVisible();

    await activity.filter({ action: 'Keystone token revoked' });
    await expect(page.getByText('No activity', { exact: true })).toBeVisible();
    await expect(page.getByText(/No recorded event matches these filters/)).toBeVisible();
  });
});
