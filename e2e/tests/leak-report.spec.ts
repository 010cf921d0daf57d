import { expect, test } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { NotificationsMenu } from '../pages/NotificationsMenu.js';
import { anonymousApi, whoamiWithToken } from '../support/tokens.js';

// Issue 20, point 5: a token generated in the console is found in public and posted to the leak-report endpoint by a
// stranger (no credential, no cookie): it stops working at once, its owner sees why in the bell, and junk posted the
// same way gets the very same answer.
test('a leaked token posted to the public report endpoint stops working, and its owner is told in the bell', async ({
  userPage: page,
  testUser,
  baseURL,
}) => {
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await tokens.open();
  const description = `Leaked in a gist ${Date.now()}`;
  const reveal = await tokens.generate(description);
  const token = await reveal.token();
  await reveal.close();

  const stranger = await anonymousApi(baseURL!);
  expect((await whoamiWithToken(stranger, 'bearer', token, testUser.username)).status).toBe(200);

  const junk = await stranger.post('/api/credentials/revoke', { data: { tokens: ['not-a-token', 'tsr_nope'] } });
  const report = await stranger.post('/api/credentials/revoke', {
    data: { tokens: [token], source: 'https://gist.github.com/someone/abc123' },
  });
  expect(report.status()).toBe(202);
  expect(junk.status()).toBe(202);
  expect(await report.text()).toBe(await junk.text());

  expect((await whoamiWithToken(stranger, 'bearer', token, testUser.username)).status).toBe(401);
  await stranger.dispose();

  // The notification is made by the events job (every few seconds in this suite).
  const message = `Your token “${description}” was reported as leaked (source: https://gist.github.com/someone/abc123) and revoked.`;
  await expect
    .poll(
      async () => {
        const list = (await (await page.request.get('/api/users/me/notifications')).json()) as {
          items: { message: string }[];
        };
        return list.items.some((n) => n.message.startsWith(message));
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await page.reload();
  const bell = new NotificationsMenu(page);
  await bell.open();
  await expect(bell.item(message)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tokens.row(description)).toHaveCount(0);
});
