import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { OAuth2CredentialsPage } from '../pages/OAuth2CredentialsPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { whoamiWithToken } from '../support/tokens.js';

// Issue 20, point 3, "done when": a regenerate with a one-hour grace keeps the old secret working and flags its use
// in the console; End grace now kills it. The same for an OAuth client's secret reset.

/** A script with its own user agent and no cookies. */
const script = (baseURL: string, userAgent: string): Promise<APIRequestContext> =>
  playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] }, userAgent });

test('a regenerate with a one-hour grace keeps the old secret working, flags its use, and End grace now kills it', async ({
  userPage: page,
  testUser,
  baseURL,
}, testInfo) => {
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await tokens.open();
  const description = `Rotated deploy key ${Date.now()}`;
  const first = await tokens.generate(description);
  const oldToken = await first.token();
  await first.close();

  await tokens.chooseAction(description, 'Regenerate');
  await expect(tokens.graceChoice).toHaveValue('0');
  await expect(tokens.confirmDialog).toContainText('stops working at once');
  await expectNoSeriousA11yViolations(page, 'the Regenerate confirmation with its grace choice', testInfo);
  await page.keyboard.press('Escape');
  await expect(tokens.confirmDialog).toBeHidden();

  const reveal = await tokens.regenerateWithGrace(description, '1 hour');
  const newToken = await reveal.token();
  await expect(
    page.getByText(/Regenerated the token “Rotated deploy key \d+”\. The old secret works until /),
  ).toBeVisible();
  await reveal.close();
  await expect(tokens.row(description)).toContainText('Old secret works until');
  await expect(tokens.row(description)).toContainText('Old secret not used since the change');

  const curl = await script(baseURL!, 'curl/8.5');
  try {
    expect((await whoamiWithToken(curl, 'bearer', oldToken, testUser.username)).status).toBe(200);
    expect((await whoamiWithToken(curl, 'bearer', newToken, testUser.username)).status).toBe(200);

    // The console flags the old secret's use: who, and when.
    await page.reload();
    await expect(tokens.row(description)).toContainText(/Old secret still in use by \S+ curl\/8\.5 — /);
    await expectNoSeriousA11yViolations(page, 'a token in its grace window', testInfo);

    await tokens.endGrace(description);
    await expect(
      page.getByText(`Ended the grace window of “${description}”. Its old secret no longer works.`),
    ).toBeVisible();
    expect((await whoamiWithToken(curl, 'bearer', oldToken, testUser.username)).status).toBe(401);
    expect((await whoamiWithToken(curl, 'bearer', newToken, testUser.username)).status).toBe(200);
  } finally {
    await curl.dispose();
  }
});

test('an OAuth client’s secret reset with a grace window: the old secret obtains tokens until End grace now', async ({
  userPage: page,
  baseURL,
}, testInfo) => {
  const origin = new URL(baseURL!).origin;
  await new AppShell(page).openUserSettings();
  const credentials = new OAuth2CredentialsPage(page);
  await credentials.open();
  const name = `rotated-exporter-${Date.now()}`;
  await credentials.generate(name, 'Nightly export', [{ audience: origin, scope: 'profile:read' }]);
  const oldSecret = await credentials.revealedSecret();
  const clientId = await credentials.revealedClientId();
  await credentials.closeReveal();

  await credentials.resetSecretWithGrace(name, '15 minutes');
  const newSecret = await credentials.revealedSecret();
  await credentials.closeReveal();
  await expect(credentials.row(name)).toContainText('Old secret works until');

  const exporter = await script(baseURL!, 'exporter/2.1');
  const tokenWith = (secret: string) =>
    exporter.post('/oauth2/v1/token', {
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      form: { grant_type: 'client_credentials', scope: `${origin}/profile:read` },
    });
  try {
    expect((await tokenWith(oldSecret)).status()).toBe(200);
    expect((await tokenWith(newSecret)).status()).toBe(200);
    await page.reload();
    await expect(credentials.row(name)).toContainText(/Old secret still in use by \S+ exporter\/2\.1 — /);
    await expectNoSeriousA11yViolations(page, 'an OAuth client in its grace window', testInfo);

    await credentials.endGrace(name);
    expect((await tokenWith(oldSecret)).status()).toBe(401);
    expect((await tokenWith(newSecret)).status()).toBe(200);
  } finally {
    await exporter.dispose();
  }
});
