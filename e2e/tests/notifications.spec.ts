import { expect, signInPage, test } from '../fixtures.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { NotificationsMenu } from '../pages/NotificationsMenu.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

// Issue 19, point 5: an administrator creates a token for a user that expires in 3 days; the user is told (the
// server's expiry notices job runs every second in this suite), regenerates it from the bell in one click, and the
// Overview counts it among the tokens that expire this week.
const DAY = 86_400_000;

test('a token expiring in 3 days: the bell tells its owner, Regenerate is one click away, the Overview counts it', async ({
  adminApi,
  testUser,
  page,
  baseURL,
}, testInfo) => {
  const description = 'Deploy from CI';
  const token = await adminApi.createAuthTokenExpiringAt(
    testUser.id,
    description,
    new Date(Date.now() + 3 * DAY).toISOString(),
  );
  await signInPage(page, baseURL!, testUser);
  // "Created for you by an administrator" and "expires in 3 days", as soon as the jobs have run.
  await expect
    .poll(
      async () => ((await (await page.request.get('/api/users/me/notifications')).json()) as { unread: number }).unread,
      {
        timeout: 20_000,
      },
    )
    .toBe(2);
  await page.reload();
  const bell = new NotificationsMenu(page);
  await bell.expectUnread(2);

  // By keyboard: the bell is a button in the top bar; Enter opens the list.
  await bell.button.focus();
  await page.keyboard.press('Enter');
  await expect(bell.menu).toBeVisible();
  await expect(bell.item('was created for you by an administrator')).toBeVisible();
  await expect(bell.item(`Your token “${description}” expires in 3 days`)).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'the notifications menu', testInfo);

  // One press: the newest notice has focus, its Regenerate is next; the Auth Tokens page opens the token's
  // Regenerate confirmation, and regenerating reveals the new secret.
  await expect(bell.item('expires in 3 days')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(bell.regenerate('expires in 3 days')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/settings/auth-tokens\\?token=${token.id}$`));
  const tokens = new AuthTokensPage(page);
  await expect(tokens.confirmDialog).toBeVisible();
  await tokens.confirmDialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await tokens.revealDialog.expectOpen();
  await tokens.revealDialog.close();

  // Opening it marked it read; the regenerated token expires in 3 days again, so a new notice follows it (the job
  // keys notices by expiry), unread.
  await expect
    .poll(
      async () => {
        const now = (await (await page.request.get('/api/users/me/notifications')).json()) as {
          unread: number;
          items: { message: string }[];
        };
        return [now.unread, now.items.filter((n) => n.message.includes('expires in 3 days')).length];
      },
      { timeout: 20_000 },
    )
    .toEqual([2, 2]);
  await bell.open();
  await expect(bell.item('expires in 3 days')).toHaveCount(2);
  await expect(bell.item(/^Unread: .*expires in 3 days/)).toHaveCount(1);
  await expect(bell.item(/^Unread: .*created for you/)).toHaveCount(1);

  // The other notice leads to the token: its row is highlighted and its Actions button focused.
  await bell.item('was created for you').click();
  await expect(page.getByRole('button', { name: `Actions for ${description}` })).toBeFocused();
  await bell.expectUnread(1);
  await bell.open();
  await bell.markAllRead.click();
  await bell.expectUnread(0);

  // The Overview: the regenerated token keeps its 3-day lifetime, so it still expires this week.
  await page.goto('/');
  const expiring = page.getByRole('link', { name: '1 token expires this week' });
  await expect(expiring).toBeVisible();
  await expiring.click();
  await tokens.expectLoaded();
});

test('Mark all as read empties the count and says when it fails; the Overview is silent until a token expires this week', async ({
  adminApi,
  testUser,
  page,
  baseURL,
}) => {
  await adminApi.createAuthToken(testUser.id, 'Given by an admin');
  await signInPage(page, baseURL!, testUser);
  await expect
    .poll(
      async () => ((await (await page.request.get('/api/users/me/notifications')).json()) as { unread: number }).unread,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
  await page.reload();
  const bell = new NotificationsMenu(page);
  await bell.expectUnread(1);

  // A Mark all as read that fails says so, and the count stays.
  await page.route(
    '**/api/users/me/notifications/read',
    (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'unavailable' }),
      }),
    { times: 1 },
  );
  await bell.open();
  await bell.markAllRead.click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'The notifications could not be marked as read' }),
  ).toBeVisible();
  await bell.expectUnread(1);
  await bell.open();
  await bell.markAllRead.click();
  await bell.expectUnread(0);

  // The Overview, once it has the user's tokens: the only one expires in 90 days, so it says nothing…
  const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/users/me/auth-tokens' && r.ok());
  await page.goto('/');
  await (await loaded).finished();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const expiring = page.getByText(/tokens? expires? this week/);
  await expect(expiring).toHaveCount(0);
  // …and it does once one expires in 3 days.
  await adminApi.createAuthTokenExpiringAt(testUser.id, 'Expires soon', new Date(Date.now() + 3 * DAY).toISOString());
  await page.reload();
  await expect(expiring).toHaveText('1 token expires this week');
});

test('a notice of an OAuth client leads to its row; one of a token deleted since leaves focus on the page heading', async ({
  adminApi,
  testUser,
  page,
  baseURL,
}) => {
  const gone = await adminApi.createAuthToken(testUser.id, 'Deleted since');
  const name = `notified-client-${Date.now().toString(36)}`;
  await adminApi.createOAuth2Client(testUser.id, name);
  await signInPage(page, baseURL!, testUser);
  await expect
    .poll(
      async () => ((await (await page.request.get('/api/users/me/notifications')).json()) as { unread: number }).unread,
      { timeout: 20_000 },
    )
    .toBe(2);
  await adminApi.deleteAuthToken(testUser.id, gone.id);
  await page.reload();
  const bell = new NotificationsMenu(page);

  await bell.open();
  await bell.item(name).click();
  await expect(page).toHaveURL(/\/settings\/oauth2-credentials\?client=/);
  const actions = page.getByRole('button', { name: `Actions for ${name}` });
  await expect(actions).toBeFocused();
  await expect(page.getByRole('row').filter({ has: actions })).toHaveClass(/row-linked/);

  await bell.open();
  await bell.item('Deleted since').click();
  await expect(page).toHaveURL(/\/settings\/auth-tokens\?token=/);
  await expect(new AuthTokensPage(page).heading).toBeFocused();
});
