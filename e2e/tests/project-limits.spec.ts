import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { projectWithMember } from '../support/projects.js';
import { anonymousApi, tokenHeaders } from '../support/tokens.js';

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

// Issue 21, point 4: an auth token limited to projects, generated and edited in the console.
test.describe('auth tokens limited to projects', () => {
  test('a member of two projects limits a token to one: the chip shows it, and whoami with the token lists it', async ({
    userPage: page,
    testUser,
    admin,
    baseURL,
  }, testInfo) => {
    const api = await anonymousApi(baseURL!);
    const [alpha, beta] = [
      await projectWithMember(api, admin, testUser.id),
      await projectWithMember(api, admin, testUser.id),
    ];
    test.skip(!alpha || !beta, 'this deployment has no /v3/projects to make the user a member of a project');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();

    const description = `Alpha only ${Date.now()}`;
    await tokens.generateButton.click();
    const dialog = tokens.generateDialog;
    await dialog.fill(description);
    await expect(dialog.projects).toHaveAccessibleDescription(/None chosen: all projects/);
    await expect(dialog.project(alpha!.name)).not.toBeChecked();
    await expect(dialog.project(beta!.name)).not.toBeChecked();
    // By keyboard: the checkbox is reachable and Space ticks it.
    await dialog.project(alpha!.name).focus();
    await page.keyboard.press('Space');
    await expect(dialog.project(alpha!.name)).toBeChecked();
    await expectNoSeriousA11yViolations(page, 'the Generate Token dialog with projects', testInfo);
    await dialog.submit();

    const reveal = tokens.revealDialog;
    await reveal.expectOpen();
    await expect(toast(page, `Generated the token “${description}”`)).toBeVisible();
    await reveal.copy();
    const token = await page.evaluate(() => navigator.clipboard.readText());
    await reveal.close();
    const row = tokens.row(description);
    await expect(row.getByRole('listitem').filter({ hasText: alpha!.name })).toBeVisible();
    await expect(row).not.toContainText(beta!.name);

    try {
      const whoami = await api.get('/api/whoami', { headers: tokenHeaders('bearer', token, testUser.username) });
      expect(whoami.status()).toBe(200);
      expect(((await whoami.json()) as { projects?: unknown }).projects).toEqual([alpha]);

      // Edit: move it to the other project; the row and the next request with the token follow at once.
      await tokens.chooseAction(description, 'Edit');
      const edit = tokens.editDialog;
      const projects = edit.getByRole('group', { name: /^Projects/ });
      await expect(projects.getByRole('checkbox', { name: alpha!.name, exact: true })).toBeChecked();
      await projects.getByRole('checkbox', { name: alpha!.name, exact: true }).uncheck();
      await projects.getByRole('checkbox', { name: beta!.name, exact: true }).check();
      await edit.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(edit).toBeHidden();
      await expect(toast(page, `Saved the token “${description}”`)).toBeVisible();
      await expect(row.getByRole('listitem').filter({ hasText: beta!.name })).toBeVisible();
      await expect(row).not.toContainText(alpha!.name);
      const after = await api.get('/api/whoami', { headers: tokenHeaders('bearer', token, testUser.username) });
      expect(((await after.json()) as { projects?: unknown }).projects).toEqual([beta]);
    } finally {
      await api.dispose();
    }

    // The details page names the project too.
    await row.getByRole('link', { name: description }).click();
    const facts = page.getByRole('definition').filter({ hasText: beta!.name });
    await expect(facts).toBeVisible();
  });
});
