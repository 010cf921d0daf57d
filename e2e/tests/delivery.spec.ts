import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { OAuth2CredentialsPage } from '../pages/OAuth2CredentialsPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

// Issue 20, point 6: paste the token back at reveal; for a token made for someone else a match is recorded as
// delivered (the request names the token by its hint, never the secret).

/** A token-shaped value that is not the token: the same length, its last character changed. */
const almost = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

/** Every request body the page sends from now on, to show that none carries the secret. */
function recordBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('request', (r) => bodies.push(`${r.url()} ${r.postData() ?? ''}`));
  return bodies;
}

test.describe('copy and confirm at reveal', () => {
  test('an administrator generating a token for a user is asked to paste it back; a match is recorded as delivered', async ({
    adminPage: page,
    testUser,
    baseURL,
  }, testInfo) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
    await new AppShell(page).openIdentityUsers();
    const users = new UsersPage(page);
    await users.expectLoaded();
    await users.openUser(testUser.username);
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    const description = `Delivered ${Date.now()}`;
    const reveal = await tokens.generate(description);
    const token = await reveal.token();
    const sent = recordBodies(page);

    // On from the start for someone else's token, with a label and a hint saying nothing is sent.
    await expect(reveal.pasteField).toBeVisible();
    await expect(reveal.pasteToConfirm).toHaveCount(0);
    await expect(reveal.dialog).toContainText(/compared here, in your browser, and never sent/);

    // A wrong value pasted with Ctrl+V: said plainly, announced, nothing recorded.
    await reveal.pasteWithKeyboard(almost(token));
    await expect(reveal.pasteResult).toHaveText(/^It does not match the token\./);
    await expect(reveal.pasteField).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousA11yViolations(page, 'reveal dialog, pasted token does not match', testInfo);
    // Cut short (a partial selection when copying):
    await reveal.pasteWithKeyboard(token.slice(0, -3));
    await expect(reveal.pasteResult).toHaveText(/shorter than the token/);

    // The real one, copied with Copy and pasted with the Paste from clipboard button.
    await reveal.copy();
    await reveal.pasteFromClipboard.click();
    await expect(reveal.pasteResult).toContainText('It matches');
    // forUser is the user's display name, which holds the username here.
    await expect(reveal.pasteResult).toContainText(new RegExp(`Recorded as delivered to .*${testUser.username}\\.`));
    await expectNoSeriousA11yViolations(page, 'reveal dialog, pasted token matches', testInfo);

    // Close is the natural next step: it closes at once.
    await reveal.closeButton.last().click();
    await expect(reveal.dialog).toBeHidden();
    await expect(tokens.row(description)).toContainText(/Delivered \w+/);
    await expect(tokens.row(description)).not.toContainText('Not yet delivered');
    const deliveredRequests = sent.filter((s) => s.includes('/delivered'));
    expect(deliveredRequests).toHaveLength(1);
    expect(deliveredRequests[0]).toContain(`tsr_…${token.slice(-4)}`);
    expect(
      sent.some((s) => s.includes(token)),
      'no request carries the token',
    ).toBe(false);

    // A regenerate makes a new secret whose delivery is due again; skipping the step leaves it so.
    const again = await tokens.regenerate(description);
    await expect(again.pasteField).toBeVisible();
    await again.copy();
    await again.closeButton.last().click();
    await expect(again.dialog).toBeHidden();
    await expect(tokens.row(description)).toContainText('Not yet delivered');
  });

  test('a user generating their own token may skip the step, or take it with the keyboard alone', async ({
    userPage: page,
    baseURL,
  }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    const sent = recordBodies(page);

    // Skipped: the field is not even shown; Copy and Close as before.
    const skipped = `Own skipped ${Date.now()}`;
    const reveal = await tokens.generate(skipped);
    await expect(reveal.pasteToConfirm).toBeVisible();
    await expect(reveal.pasteField).toHaveCount(0);
    await reveal.copy();
    await reveal.close();
    await expect(tokens.row(skipped)).toBeVisible();
    await expect(tokens.row(skipped)).not.toContainText(/delivered/i);

    // Taken by keyboard: Tab to "Paste to confirm", Enter, Ctrl+V in the focused field, Tab to Close, Enter.
    const checked = `Own checked ${Date.now()}`;
    await tokens.generate(checked);
    const token = await reveal.token();
    await page.evaluate((v) => navigator.clipboard.writeText(v), token);
    await reveal.pasteToConfirm.focus();
    await page.keyboard.press('Enter');
    await expect(reveal.pasteField).toBeFocused();
    await page.keyboard.press('ControlOrMeta+v');
    await expect(reveal.pasteResult).toHaveText(/^It matches/);
    await expect(reveal.pasteResult).not.toContainText('Recorded');
    const close = reveal.closeButton.last();
    for (let i = 0; i < 10 && !(await close.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await expect(close).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(reveal.dialog).toBeHidden();
    await expect(tokens.row(checked)).not.toContainText(/delivered/i);
    // One's own token: the check stays in the browser, nothing is recorded.
    expect(sent.filter((s) => s.includes('/delivered'))).toEqual([]);
  });

  test('an OAuth 2.0 client secret made for a user is confirmed the same way and shown as delivered', async ({
    adminPage: page,
    testUser,
  }) => {
    await new AppShell(page).openIdentityUsers();
    const users = new UsersPage(page);
    await users.expectLoaded();
    await users.openUser(testUser.username);
    const clients = new OAuth2CredentialsPage(page);
    await clients.open();
    const name = `handover-${Date.now()}`;
    await clients.generate(name, 'Made for a user', [{ audience: 'https://api.example.com', scope: 'reports.read' }]);
    const secret = await clients.revealedSecret();
    const field = clients.revealDialog.getByRole('textbox', {
      name: 'Paste the client secret to confirm you stored it',
    });
    const result = clients.revealDialog.getByRole('status').filter({ hasText: /^It (does not )?match/ });
    await field.fill(secret.slice(0, -2));
    await expect(result).toHaveText(/shorter than the client secret/);
    await field.fill(secret);
    await expect(result).toContainText('Recorded as delivered to');
    await clients.closeReveal();
    await expect(clients.row(name)).toContainText(/Delivered \w+/);
  });
});
