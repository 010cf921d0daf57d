import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { OAuth2CredentialsPage } from '../pages/OAuth2CredentialsPage.js';
import { TokenDetailsPage } from '../pages/TokenDetailsPage.js';
import { TokenInventoryPage } from '../pages/TokenInventoryPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { sameOrigin, uniqueName } from '../support/api.js';

// Issue 20, points 1 and 2: a token's details (its recent clients among them) and the impact preview in the
// Delete, Regenerate and Suspend confirmations.

interface Script {
  address: string;
  userAgent: string;
}

// Two scripts on two machines (the suite's server trusts X-Forwarded-For from loopback), each its own user agent.
const CURL: Script = { address: '10.0.0.7', userAgent: 'curl/8.5.0' };
const PYTHON: Script = { address: '10.0.0.8', userAgent: 'python-requests/2.31.0' };

async function runScript(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string,
  token: string,
  script: Script,
) {
  const api = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: {
      Authorization: `Bearer ${token}`,
      'User-Agent': script.userAgent,
      'X-Forwarded-For': script.address,
    },
  });
  expect((await api.get('/api/whoami')).status()).toBe(200);
  await api.dispose();
}

/** Recent clients are written in the batched flush of last use: wait until the server lists them. */
async function waitForClients(page: Page, path: string, count: number) {
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${path}/clients?sinceDays=7`);
        return res.ok() ? ((await res.json()) as { items: unknown[] }).items.length : -1;
      },
      { timeout: 15_000 },
    )
    .toBe(count);
}

test('two scripts use a token: the Delete confirmation names both, and the details page lists them', async ({
  userPage: page,
  testUser,
  adminApi,
  baseURL,
  playwright,
}, testInfo) => {
  const description = `Nightly export ${Date.now()}`;
  const created = await adminApi.createAuthToken(testUser.id, description, {
    scopes: ['profile:read'],
    allowedNetworks: ['10.0.0.0/24', '127.0.0.0/8', '::1/128'],
  });
  await runScript(playwright, baseURL!, created.token, CURL);
  await runScript(playwright, baseURL!, created.token, PYTHON);
  await waitForClients(page, `/api/users/me/auth-tokens/${created.id}`, 2);

  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await tokens.open();
  await tokens.chooseAction(description, 'Delete');
  const confirm = tokens.confirmDialog;
  await expect(confirm).toContainText('2 clients used this token this week:');
  await expect(confirm).toContainText('10.0.0.7 curl/8.5');
  await expect(confirm).toContainText('10.0.0.8 python-requests/2.31');
  // The Actions menu and its dialog are the row's, not a way into the details.
  await expect(page).toHaveURL(/\/settings\/auth-tokens$/);
  await expectNoSeriousA11yViolations(page, 'Delete confirmation with its impact', testInfo);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();

  // A click anywhere on the row (here its hint) opens the details.
  await tokens.row(description).getByText(created.hint).click();
  const details = new TokenDetailsPage(page);
  await details.expectOpen(description, created.id);
  await expect(details.client(CURL.address)).toContainText('curl/8.5');
  await expect(details.client(PYTHON.address)).toContainText('python-requests/2.31');
  await expect(details.fact('Scopes')).toHaveText('profile:read');
  await expect(details.fact('Networks')).toContainText('10.0.0.0/24');
  await expect(details.fact('Created')).toContainText(' by ');
  await expect(details.fact('Last used')).not.toHaveText('Never');
  // Its own activity: the administrator's create, not the owner's sign-in.
  await expect(details.activity.getByRole('table', { name: 'Activity events' })).toContainText('Token generated');
  await expect(details.activity).not.toContainText('Sign-in');
  await expectNoSeriousA11yViolations(page, 'token details', testInfo);

  // The page's own Delete names the same clients, then leads back to the list.
  await details.deleteButton.click();
  await expect(details.confirmDialog).toContainText('2 clients used this token this week:');
  await details.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(`Deleted the token “${description}”.`)).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/auth-tokens$/);
  await expect(tokens.row(description)).toHaveCount(0);
});

test('the keyboard opens a token’s details from its description, and back', async ({
  userPage: page,
  testUser,
  adminApi,
}) => {
  const description = `Keyboard route ${Date.now()}`;
  const created = await adminApi.createAuthToken(testUser.id, description, { scopes: ['profile:read'] });
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await tokens.open();
  const link = tokens.row(description).getByRole('link', { name: description });
  await tokens.search.focus();
  // Tab through the controls to the row's link: it is in the tab order.
  for (let i = 0; i < 20 && !(await link.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  const details = new TokenDetailsPage(page);
  await details.expectOpen(description, created.id);
  await expect(details.heading(description)).toBeFocused();
  await expect(details.recentClients).toContainText('No client used this token in the last 30 days.');
  await details.back.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/settings\/auth-tokens$/);
  await tokens.expectLoaded();
});

test('a confirmation says plainly when no client used the token, and still confirms when the clients cannot load', async ({
  userPage: page,
  testUser,
  adminApi,
}) => {
  const unused = `Never used ${Date.now()}`;
  const broken = `Clients unavailable ${Date.now()}`;
  await adminApi.createAuthToken(testUser.id, unused, { scopes: ['profile:read'] });
  await adminApi.createAuthToken(testUser.id, broken, { scopes: ['profile:read'] });
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await tokens.open();

  await tokens.chooseAction(unused, 'Regenerate');
  await expect(tokens.confirmDialog).toContainText('No client used this token in the last 7 days.');
  await tokens.confirmDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(tokens.confirmDialog).toBeHidden();

  await page.route('**/clients?sinceDays=7', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'unavailable' }),
    }),
  );
  await tokens.chooseAction(broken, 'Suspend');
  await expect(tokens.confirmDialog).toContainText('Could not load recent clients.');
  await tokens.confirmDialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(tokens.confirmDialog).toBeHidden();
  await expect(tokens.row(broken)).toContainText('Suspended');
});

test('an administrator opens a token from the inventory and goes back to it', async ({ adminPage: page, adminApi }) => {
  const owner = await adminApi.createUser({ prefix: 'details' });
  const description = uniqueName('Inventory details');
  const created = await adminApi.createAuthToken(owner.id, description, { scopes: ['profile:read'] });
  const inventory = new TokenInventoryPage(page);
  await inventory.goto(`/identity/auth-tokens?search=${encodeURIComponent(description)}`);
  // The row's Delete says what it would break; cancelling it leaves the page where it was.
  await inventory.rowAction(description, 'Delete');
  await expect(inventory.confirmDialog).toContainText('No client used this token in the last 7 days.');
  await inventory.confirmDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(inventory.confirmDialog).toBeHidden();
  await inventory.row(description).getByRole('link', { name: description }).click();
  const details = new TokenDetailsPage(page);
  await expect(page).toHaveURL(new RegExp(`/identity/users/${owner.id}/auth-tokens/${created.id}$`));
  await expect(details.heading(description)).toBeVisible();
  await expect(details.fact('Created')).toContainText('by ');
  await expect(details.back).toHaveText(/Back to the Auth Tokens inventory/);
  await details.back.click();
  await expect(inventory.heading).toBeVisible();
  await expect(inventory.row(description)).toBeVisible();
});

test('an OAuth 2.0 client credential opens on its name: the program that used it is named before Delete and listed', async ({
  userPage: page,
  baseURL,
  playwright,
}, testInfo) => {
  const name = uniqueName('nightly-sync');
  const audience = `https://api-${Date.now().toString(36)}.example.com`;
  const created = await page.request.post('/api/users/me/oauth2-client-credentials', {
    data: { name, scopes: [{ audience, scope: 'tokens:read' }] },
    headers: sameOrigin(baseURL!),
  });
  expect(created.status()).toBe(201);
  const client = (await created.json()) as { id: string; clientId: string; secret: string };
  const program = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { 'User-Agent': 'Go-http-client/1.1', 'X-Forwarded-For': '10.0.0.9' },
  });
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`);
  const grant = await program.post('/oauth2/v1/token', {
    headers: { Authorization: `Basic ${basic.toString('base64')}` },
    form: { grant_type: 'client_credentials' },
  });
  expect(grant.status()).toBe(200);
  await program.dispose();
  await waitForClients(page, `/api/users/me/oauth2-client-credentials/${client.id}`, 1);

  await new AppShell(page).openUserSettings();
  const credentials = new OAuth2CredentialsPage(page);
  await credentials.open();
  await credentials.chooseAction(name, 'Delete');
  await expect(credentials.confirmDialog).toContainText(
    '1 client used this credential this week: 10.0.0.9 Go-http-client/1.1.',
  );
  await credentials.confirmDialog.getByRole('button', { name: 'Cancel' }).click();

  await credentials.row(name).getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/oauth2-credentials/${client.id}$`));
  const details = new TokenDetailsPage(page);
  await expect(page.getByRole('heading', { level: 2, name })).toBeFocused();
  await expect(details.fact('Client ID')).toContainText(client.clientId);
  await expect(details.fact('Scopes')).toContainText(audience);
  await expect(details.client('10.0.0.9')).toContainText('Go-http-client/1.1');
  await expectNoSeriousA11yViolations(page, 'OAuth 2.0 client credential details', testInfo);
});
