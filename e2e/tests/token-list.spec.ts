import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import type { AdminApi, TestUser } from '../support/api.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { anonymousApi, whoamiWithToken } from '../support/tokens.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

async function openOwnAuthTokens(page: Page): Promise<AuthTokensPage> {
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await tokens.open();
  return tokens;
}

/** Tokens made one after the other, so "newest first" is the reverse of this order. */
async function makeTokens(adminApi: AdminApi, user: TestUser, specs: [string, string | null][]) {
  const made = [];
  for (const [description, expiresAt] of specs)
    made.push(await adminApi.createAuthTokenExpiringAt(user.id, description, expiresAt));
  return made;
}

test.describe('the Auth Tokens list', () => {
  test('one line per row at 1440 px, and each row’s Actions menu works by mouse and keyboard', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await makeTokens(adminApi, testUser, [
      ['Nightly backup of the reporting database on db-01 with a long description', inDays(3)],
      ['CI deploy', inDays(60)],
    ]);
    const tokens = await openOwnAuthTokens(page);
    const rows = tokens.table.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    // One line of 14 px text with its padding; a second line (or stacked buttons) would pass 60 px.
    for (const box of await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(box).toBeLessThan(52);

    // Keyboard: Enter opens it on its first item, arrows move, Escape gives focus back to the button.
    const actions = tokens.actionsButton('CI deploy');
    await actions.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'Edit', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Regenerate', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Suspend', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Delete', exact: true })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(actions).toBeFocused();
    // Enter on Edit opens the dialog; Escape closes it and focus is back on the row's Actions.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(tokens.editDialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(tokens.editDialog).toBeHidden();
    await expect(actions).toBeFocused();

    // Mouse: Edit saves, says so, and focus is back on that row's Actions.
    await tokens.edit('CI deploy', 'CI deploy (prod)');
    await expect(
      page.getByRole('status').filter({ hasText: 'Renamed the token “CI deploy” to “CI deploy (prod)”.' }),
    ).toBeVisible();
    await expect(tokens.actionsButton('CI deploy (prod)')).toBeFocused();
  });

  test('search, status filter and sort, kept in the address bar', async ({
    userPage: page,
    testUser,
    adminApi,
    baseURL,
  }) => {
    const [alpha] = await makeTokens(adminApi, testUser, [
      ['Alpha deploy', inDays(60)],
      ['Beta backup', null],
      ['Gamma soon', inDays(3)],
    ]);
    const api = await anonymousApi(baseURL!);
    try {
      expect((await whoamiWithToken(api, 'bearer', alpha!.token, testUser.username)).status).toBe(200);
    } finally {
      await api.dispose();
    }
    const tokens = await openOwnAuthTokens(page);
    await expect.poll(() => tokens.descriptions()).toEqual(['Gamma soon', 'Beta backup', 'Alpha deploy']);

    await tokens.search.fill('BETA');
    await expect.poll(() => tokens.descriptions()).toEqual(['Beta backup']);
    await expect(page).toHaveURL(/[?&]q=BETA/);
    await page.reload();
    await expect(tokens.search).toHaveValue('BETA');
    await expect.poll(() => tokens.descriptions()).toEqual(['Beta backup']);
    // The hint is searched too.
    await tokens.search.fill(alpha!.hint.slice(-4));
    await expect.poll(() => tokens.descriptions()).toEqual(['Alpha deploy']);
    await tokens.search.fill('no such token');
    await expect(page.getByText('No tokens match')).toBeVisible();
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => tokens.descriptions()).toHaveLength(3);

    await tokens.statusFilter.selectOption({ label: 'No expiration' });
    await expect.poll(() => tokens.descriptions()).toEqual(['Beta backup']);
    await expect(tokens.row('Beta backup').getByText('No expiration', { exact: true })).toBeVisible();
    await tokens.statusFilter.selectOption({ label: 'Expiring soon' });
    await expect.poll(() => tokens.descriptions()).toEqual(['Gamma soon']);
    await expect(page).toHaveURL(/status=expiring/);
    await tokens.statusFilter.selectOption({ label: 'All' });

    const order = async (label: string) => {
      await tokens.sort.selectOption({ label });
      return tokens.descriptions();
    };
    await expect.poll(() => order('Oldest first')).toEqual(['Alpha deploy', 'Beta backup', 'Gamma soon']);
    await expect.poll(() => order('Expires soonest')).toEqual(['Gamma soon', 'Alpha deploy', 'Beta backup']);
    await expect.poll(() => order('Expires latest')).toEqual(['Alpha deploy', 'Gamma soon', 'Beta backup']);
    await expect.poll(() => order('Recently used')).toEqual(['Alpha deploy', 'Gamma soon', 'Beta backup']);
    await expect(page).toHaveURL(/sort=used-desc/);
    await expect.poll(() => order('Newest first')).toEqual(['Gamma soon', 'Beta backup', 'Alpha deploy']);
  });

  test('an expired token is dimmed with “Expired … ago”, a token without expiry is flagged', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    await makeTokens(adminApi, testUser, [
      ['Lapsing token', new Date(Date.now() + 2_000).toISOString()],
      ['Forever token', null],
      ['Ordinary token', inDays(30)],
    ]);
    // Wait until the server itself calls it expired.
    await expect
      .poll(async () => (await adminApi.listAuthTokens(testUser.id)).find((t) => t.description === 'Lapsing token'), {
        timeout: 15_000,
      })
      .toMatchObject({ status: 'expired' });
    const tokens = await openOwnAuthTokens(page);

    const expired = tokens.row('Lapsing token');
    await expect(expired).toContainText(/Expired (just now|\d+ (seconds?|minutes?) ago)/);
    await expect(expired.getByText('Expired', { exact: true })).toBeVisible();
    const colour = (description: string) =>
      tokens
        .row(description)
        .locator('td')
        .first()
        .evaluate((td) => getComputedStyle(td).color);
    expect(await colour('Lapsing token'), 'the expired row is dimmed').not.toBe(await colour('Ordinary token'));
    await expect(tokens.row('Forever token').getByText('No expiration', { exact: true })).toBeVisible();
    await expect(tokens.row('Ordinary token')).not.toContainText('No expiration');
  });

  test('every change is confirmed, and focus after a delete goes to the next row, then the heading', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    await makeTokens(adminApi, testUser, [
      ['First token', inDays(30)],
      ['Second token', inDays(30)],
      ['Third token', inDays(30)],
    ]);
    const tokens = await openOwnAuthTokens(page);
    const toast = (text: string) => page.getByRole('status').filter({ hasText: text });

    const reveal = await tokens.generate('Fourth token');
    await expect(toast('Generated the token “Fourth token”.')).toBeVisible();
    await reveal.close();
    const regenerated = await tokens.regenerate('Fourth token');
    await expect(toast('Regenerated the token “Fourth token”.')).toBeVisible();
    await regenerated.close();
    await expect(tokens.actionsButton('Fourth token')).toBeFocused();
    await expect(tokens.row('Fourth token')).toContainText(/Regenerated (just now|\d+ minutes? ago)/);

    // Newest first: Fourth, Third, Second, First.
    await tokens.delete('Third token');
    await expect(toast('Deleted the token “Third token”.')).toBeVisible();
    await expect(tokens.actionsButton('Second token')).toBeFocused();
    await tokens.delete('First token');
    await expect(tokens.actionsButton('Second token')).toBeFocused();
    await tokens.delete('Second token');
    await tokens.delete('Fourth token');
    await expect(tokens.heading).toBeFocused();
    await expect(page.getByText('No tokens yet')).toBeVisible();
  });

  test('the reveal dialog copies the token as curl (three ways), a shell variable or a .netrc line', async ({
    userPage: page,
    testUser,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const tokens = await openOwnAuthTokens(page);
    const reveal = await tokens.generate(`Copy as ${Date.now()}`);
    const token = await reveal.token();
    const expected: [string, string][] = [
      ['curl with Authorization: Bearer', `curl -H "Authorization: Bearer ${token}" ${origin}/api/whoami`],
      ['curl with X-Auth-Token', `curl -H "X-Auth-Token: ${token}" ${origin}/api/whoami`],
      ['curl with HTTP Basic (username:token)', `curl -u '${testUser.username}:${token}' ${origin}/api/whoami`],
      ['Shell variable (export TESSERA_TOKEN)', `export TESSERA_TOKEN=${token}`],
      ['.netrc line', `machine ${new URL(origin).hostname} login ${testUser.username} password ${token}`],
    ];
    for (const [label, text] of expected) {
      await reveal.copyAs.selectOption({ label });
      await reveal.copySnippet.click();
      await expect(reveal.dialog.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
      // Compared without printing: a failure must not put the token in the report.
      expect((await page.evaluate(() => navigator.clipboard.readText())) === text, `copy as ${label}`).toBe(true);
    }
    // A copied snippet counts as copied: Escape closes at once.
    await page.keyboard.press('Escape');
    await expect(reveal.dialog).toBeHidden();
    await expect(reveal.closeGuard).toHaveCount(0);
  });

  test('a token an administrator made shows “Created by” them; your own does not', async ({
    userPage: page,
    testUser,
    adminApi,
  }) => {
    await adminApi.createAuthToken(testUser.id, 'Made by the administrator');
    const tokens = await openOwnAuthTokens(page);
    await (await tokens.generate('Made by me')).close();
    await expect(tokens.row('Made by the administrator')).toContainText(/Created by \S+/);
    await expect(tokens.row('Made by me')).not.toContainText('Created by');
  });

  test('the list, its Actions menu and the close question pass axe in dark mode', async ({
    userPage: page,
    testUser,
    adminApi,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await makeTokens(adminApi, testUser, [
      ['Lapsing token', new Date(Date.now() + 2_000).toISOString()],
      ['Forever token', null],
      ['Soon token', inDays(2)],
    ]);
    await expect
      .poll(async () => (await adminApi.listAuthTokens(testUser.id)).find((t) => t.description === 'Lapsing token'))
      .toMatchObject({ status: 'expired' });
    const tokens = await openOwnAuthTokens(page);
    await expect(tokens.row('Lapsing token')).toContainText('Expired');
    await expectNoSeriousA11yViolations(page, 'token-list-dark', testInfo);
    await tokens.actionsButton('Soon token').click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'token-actions-menu-dark', testInfo);
    await page.keyboard.press('Escape');
    const reveal = await tokens.generate('Dark reveal');
    await reveal.closeButton.click();
    await expect(reveal.closeGuard).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'close-without-copying-dark', testInfo);
    await reveal.closeGuard.getByRole('button', { name: 'Close without copying', exact: true }).click();
    await expect(reveal.dialog).toBeHidden();
  });
});
