import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { OAuth2CredentialsPage } from '../pages/OAuth2CredentialsPage.js';

/** An audience no other test's user has registered: audiences belong to their first registrant (F-9). */
const ownAudience = () => `https://api-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.example.com`;

/** What a native combobox (`<input list>`) offers: its datalist's options. */
const offered = (combobox: Locator) =>
  combobox.evaluate((el) => [...((el as HTMLInputElement).list?.options ?? [])].map((o) => o.value));

/** Profile → My Profile (Oracle's words) when the menu has it, else User Settings: the same page. */
async function openProfile(page: Page): Promise<void> {
  const shell = new AppShell(page);
  await shell.openProfileMenu();
  const myProfile = shell.profileMenu.getByRole('menuitem', { name: 'My Profile', exact: true });
  await ((await myProfile.count()) > 0 ? myProfile : shell.userSettings).click();
}

test.describe('OAuth 2.0 client credentials: the form and the list', () => {
  test('Profile → OAuth 2.0 client credentials → Generate with Audience and Scope, Scope offering Tessera’s scopes', async ({
    userPage: page,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openProfile(page);
    const credentials = new OAuth2CredentialsPage(page);
    await credentials.open();
    await credentials.generateButton.click();
    const d = credentials.generateDialog;
    await expect(d).toBeVisible();

    // The seed's words, literally: one field Audience, one field Scope.
    await expect(d.getByRole('textbox', { name: 'Audience', exact: true })).toHaveCount(1);
    await expect(d.getByRole('combobox', { name: 'Scope', exact: true })).toHaveCount(1);
    const first = credentials.scopePair(d, 1);
    await first.audience.fill(origin);
    await expect.poll(() => offered(first.scope)).toEqual(expect.arrayContaining(['tokens:read', 'profile:read']));
    await first.scope.fill('tokens:read');
    await expect(d).toContainText(`Fully qualified: ${origin}/tokens:read`);

    // A second pair is its own group, with the same two labels; another audience offers nothing of Tessera's.
    await d.getByRole('button', { name: '+ Another scope', exact: true }).click();
    const second = credentials.scopePair(d, 2);
    await expect(second.scope).toBeFocused();
    await second.audience.fill(ownAudience());
    await second.scope.fill('reports.read');
    expect(await offered(second.scope)).not.toContain('tokens:read');
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill('reports-exporter');
    await d.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(credentials.revealDialog).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: 'Generated the OAuth 2.0 client credential' }),
    ).toBeVisible();
    await credentials.closeReveal();

    const row = credentials.row('reports-exporter');
    await expect(row).toContainText(`${origin}/tokens:read`);
    const height = await row.evaluate((tr) => tr.getBoundingClientRect().height);
    expect(height, 'one line per row').toBeLessThan(52);

    // The next client for Tessera's audience is offered the scope this one uses too.
    await credentials.generateButton.click();
    await credentials.scopePair(d, 1).audience.fill(`${origin}/`);
    await expect.poll(() => offered(credentials.scopePair(d, 1).scope)).toContain('tokens:read');
    await page.keyboard.press('Escape');
    await expect(d).toBeHidden();
  });

  test('Actions → Edit, Reset secret and Delete confirm themselves and keep focus in place', async ({
    userPage: page,
  }) => {
    const credentials = new OAuth2CredentialsPage(page);
    await new AppShell(page).openUserSettings();
    await credentials.open();
    const audience = ownAudience();
    for (const name of ['client-one', 'client-two'])
      await credentials.generate(name, '', [{ audience, scope: name }]).then(() => credentials.closeReveal());
    const toast = (text: string) => page.getByRole('status').filter({ hasText: text });

    await credentials.rename('client-one', 'client-uno');
    await expect(toast('Saved the OAuth 2.0 client credential “client-uno”.')).toBeVisible();
    await expect(credentials.actionsButton('client-uno')).toBeFocused();

    // Keyboard: Actions → Reset secret.
    await credentials.actionsButton('client-uno').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Reset secret', exact: true }).focus();
    await page.keyboard.press('Enter');
    await credentials.confirmDialog.getByRole('button', { name: 'Reset secret', exact: true }).click();
    await expect(credentials.revealDialog).toBeVisible();
    await expect(toast('Reset the secret of “client-uno”.')).toBeVisible();
    await credentials.closeReveal();
    await expect(credentials.actionsButton('client-uno')).toBeFocused();

    await credentials.delete('client-uno');
    await expect(toast('Deleted the OAuth 2.0 client credential “client-uno”.')).toBeVisible();
    await expect(credentials.actionsButton('client-two')).toBeFocused();
  });
});
