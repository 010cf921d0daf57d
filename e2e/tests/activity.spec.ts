import { test, expect } from '../fixtures.js';
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
});
