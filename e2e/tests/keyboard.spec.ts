import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';

test.describe('keyboard-only use', () => {
  test('the Profile menu and the Generate Token dialog work without a mouse, and focus returns', async ({
    userPage: page,
  }) => {
    const shell = new AppShell(page);
    await shell.profileButton.focus();
    await page.keyboard.press('Enter');
    await expect(shell.profileMenu).toBeVisible();
    await expect(shell.profileMenu.getByRole('menuitem').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(shell.profileMenu).toBeHidden();
    await expect(shell.profileButton).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(shell.userSettings).toBeVisible();
    // Arrow keys move through the items; Enter activates User Settings.
    for (let i = 0; i < 5 && !(await shell.userSettings.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await expect(shell.userSettings).toBeFocused();
    await page.keyboard.press('Enter');

    const tokens = new AuthTokensPage(page);
    await tokens.authTokensLink.focus();
    await page.keyboard.press('Enter');
    await tokens.expectLoaded();

    await tokens.generateButton.focus();
    await page.keyboard.press('Enter');
    await tokens.generateDialog.expectOpen();
    // Focus is inside the dialog and Tab cannot leave it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await tokens.generateDialog.dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(tokens.generateDialog.dialog).toBeHidden();
    await expect(tokens.generateButton).toBeFocused();
  });
});
