import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import type { TestUser } from '../support/api.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { anonymousApi, tokenHeaders } from '../support/tokens.js';

/** Profile → User Settings → Auth Tokens. */
async function openOwnAuthTokens(page: Page, user: TestUser): Promise<AuthTokensPage> {
  await new AppShell(page).openUserSettings();
  const tokens = new AuthTokensPage(page);
  await expect(tokens.userHeading(user)).toBeVisible();
  await tokens.open();
  return tokens;
}

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

test.describe('least privilege in the console: scopes, networks, suspension', () => {
  test('a token generated with the read-only default reads whoami and is refused minting another (403 insufficient_scope)', async ({
    userPage: page,
    testUser,
    baseURL,
  }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
    const tokens = await openOwnAuthTokens(page, testUser);
    const description = `Read-only ${Date.now()}`;
    await tokens.generateButton.click();
    const dialog = tokens.generateDialog;
    await dialog.fill(description);
    // GitHub's fine-grained form starts read-only: profile:read ticked, nothing else, each scope described.
    await expect(dialog.scope('profile:read')).toBeChecked();
    await expect(dialog.scope('profile:read')).toHaveAccessibleDescription(/whoami/);
    for (const other of ['tokens:read', 'tokens:write', 'activity:read'])
      await expect(dialog.scope(other)).not.toBeChecked();
    // Not an administrator: the administrators' scopes are not offered.
    await expect(dialog.scope('admin:read')).toHaveCount(0);
    await expect(dialog.allowedNetworks).toHaveAccessibleDescription(/Leave empty to allow any network/);
    await dialog.submit();

    const reveal = tokens.revealDialog;
    await reveal.expectOpen();
    await expect(reveal.dialog).toContainText('profile:read');
    await reveal.copy();
    const token = await page.evaluate(() => navigator.clipboard.readText());
    await reveal.close();
    await expect(tokens.row(description)).toContainText('profile:read');

    const api = await anonymousApi(baseURL!);
    try {
      const headers = tokenHeaders('bearer', token, testUser.username);
      const whoami = await api.get('/api/whoami', { headers });
      expect(whoami.status()).toBe(200);
      expect(((await whoami.json()) as { scopes: string[] }).scopes).toEqual(['profile:read']);

      const mint = await api.post('/api/users/me/auth-tokens', { headers, data: { description: 'from a token' } });
      expect(mint.status()).toBe(403);
      expect(((await mint.json()) as { code: string }).code).toBe('insufficient_scope');
      expect(mint.headers()['www-authenticate']).toContain('error="insufficient_scope"');
      expect(mint.headers()['www-authenticate']).toContain('scope="tokens:write"');
    } finally {
      await api.dispose();
    }
  });

  test('at least one scope is required, and a mistyped network is caught on its field', async ({
    userPage: page,
    testUser,
  }, testInfo) => {
    const tokens = await openOwnAuthTokens(page, testUser);
    await tokens.generateButton.click();
    const dialog = tokens.generateDialog;
    await dialog.fill(`Nothing ${Date.now()}`);
    await dialog.scope('profile:read').uncheck();
    await dialog.allowedNetworks.fill('203.0.113.0/24\n10.0.0.300/8');
    await dialog.submit();
    await expect(dialog.scopes).toHaveAccessibleDescription(/Choose at least one scope/);
    await expect(dialog.scope('profile:read')).toBeFocused();
    await expect(dialog.allowedNetworks).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.allowedNetworks).toHaveAccessibleDescription(/“10\.0\.0\.300\/8” is not an IPv4 or IPv6/);
    await expectNoSeriousA11yViolations(page, 'generate-token-dialog-with-errors', testInfo);
    await dialog.scope('tokens:read').check();
    await dialog.allowedNetworks.fill('203.0.113.0/24');
    await dialog.submit();
    await tokens.revealDialog.expectOpen();
    await expect(tokens.revealDialog.dialog).toContainText('203.0.113.0/24');
  });

  test('a token limited to a network works from it and is refused (401 network_not_allowed) from elsewhere', async ({
    userPage: page,
    testUser,
    baseURL,
  }) => {
    const tokens = await openOwnAuthTokens(page, testUser);
    await tokens.generateButton.click();
    const dialog = tokens.generateDialog;
    await dialog.fill(`Office only ${Date.now()}`);
    await dialog.allowedNetworks.fill('198.18.7.0/24');
    await dialog.submit();
    const token = await tokens.revealDialog.token();
    await tokens.revealDialog.close();

    const api = await anonymousApi(baseURL!);
    try {
      const headers = tokenHeaders('bearer', token, testUser.username);
      const inside = await api.get('/api/whoami', { headers: { ...headers, 'X-Forwarded-For': '198.18.7.9' } });
      expect(inside.status()).toBe(200);
      const outside = await api.get('/api/whoami', { headers: { ...headers, 'X-Forwarded-For': '198.19.1.1' } });
      expect(outside.status()).toBe(401);
      expect(((await outside.json()) as { code: string }).code).toBe('network_not_allowed');
    } finally {
      await api.dispose();
    }
  });

  test('Suspend from the row’s menu refuses the token at once (401); Resume lets it in again', async ({
    userPage: page,
    testUser,
    adminApi,
    baseURL,
  }, testInfo) => {
    const description = `Nightly export ${Date.now()}`;
    const { token } = await adminApi.createAuthToken(testUser.id, description, { scopes: ['profile:read'] });
    const tokens = await openOwnAuthTokens(page, testUser);
    await expect(tokens.row(description)).toContainText('Active');

    const api = await anonymousApi(baseURL!);
    const whoami = async () =>
      (await api.get('/api/whoami', { headers: tokenHeaders('bearer', token, testUser.username) })).status();
    try {
      expect(await whoami()).toBe(200);
      await tokens.chooseAction(description, 'Suspend');
      await expect(tokens.confirmDialog).toContainText(description);
      await expectNoSeriousA11yViolations(page, 'suspend-confirmation', testInfo);
      await tokens.confirmDialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(tokens.confirmDialog).toBeHidden();
      await tokens.suspend(description);
      await expect(toast(page, `Suspended the token “${description}”.`)).toBeVisible();
      await expect(tokens.actionsButton(description)).toBeFocused();
      expect(await whoami()).toBe(401);

      await tokens.resume(description);
      await expect(toast(page, `Resumed the token “${description}”.`)).toBeVisible();
      expect(await whoami()).toBe(200);
    } finally {
      await api.dispose();
    }
  });

  test('a full-access token is flagged, and Edit narrows it to the scopes left ticked', async ({
    userPage: page,
    testUser,
    adminApi,
  }, testInfo) => {
    const description = `Old script ${Date.now()}`;
    // From an administrator's session without scopes: full access, as every token made before scopes existed.
    await adminApi.createAuthToken(testUser.id, description);
    const tokens = await openOwnAuthTokens(page, testUser);
    await expect(tokens.row(description).getByText('Full access', { exact: true })).toBeVisible();

    await tokens.chooseAction(description, 'Edit');
    await expect(tokens.editDialog).toBeVisible();
    const scopes = tokens.editDialog.getByRole('group', { name: 'Scopes' });
    await expect(scopes).toHaveAccessibleDescription(/Full access/);
    await expectNoSeriousA11yViolations(page, 'edit-full-access-token', testInfo);
    await expect(scopes.getByRole('checkbox', { name: 'tokens:write', exact: true })).toBeChecked();
    await scopes.getByRole('checkbox', { name: 'tokens:write', exact: true }).uncheck();
    await scopes.getByRole('checkbox', { name: 'activity:read', exact: true }).uncheck();
    await tokens.editDialog.getByRole('button', { name: 'Save' }).click();
    await expect(tokens.editDialog).toBeHidden();
    await expect(tokens.row(description)).toContainText('profile:read, tokens:read');
    await expect(tokens.row(description).getByText('Full access', { exact: true })).toHaveCount(0);
    const [saved] = (await adminApi.listAuthTokens(testUser.id)).filter((t) => t.description === description);
    expect(saved).toMatchObject({ fullAccess: false, scopes: ['profile:read', 'tokens:read'] });
  });

  test('the list filters by scope and by status, and the address bar keeps them', async ({
    userPage: page,
    testUser,
    adminApi,
  }, testInfo) => {
    const stamp = Date.now();
    await adminApi.createAuthToken(testUser.id, `Reader ${stamp}`, { scopes: ['profile:read'] });
    await adminApi.createAuthToken(testUser.id, `Writer ${stamp}`, { scopes: ['profile:read', 'tokens:write'] });
    const paused = await adminApi.createAuthToken(testUser.id, `Paused ${stamp}`, { scopes: ['activity:read'] });
    await adminApi.suspendAuthToken(testUser.id, paused.id);
    const tokens = await openOwnAuthTokens(page, testUser);
    await expect(tokens.row(`Paused ${stamp}`)).toContainText('Suspended');
    await expectNoSeriousA11yViolations(page, 'tokens-with-scopes-and-suspended', testInfo);

    await tokens.scopeFilter.selectOption('tokens:write');
    await expect.poll(() => tokens.descriptions()).toEqual([`Writer ${stamp}`]);
    await expect(page).toHaveURL(/scope=tokens%3Awrite/);
    await tokens.scopeFilter.selectOption('');
    await tokens.statusFilter.selectOption({ label: 'Suspended' });
    await expect.poll(() => tokens.descriptions()).toEqual([`Paused ${stamp}`]);
    await expect(tokens.row(`Paused ${stamp}`)).toContainText('Suspended');
    await page.reload();
    await expect(tokens.statusFilter).toHaveValue('suspended');
    await expect.poll(() => tokens.descriptions()).toEqual([`Paused ${stamp}`]);
    await tokens.statusFilter.selectOption({ label: 'Active' });
    await expect.poll(async () => (await tokens.descriptions()).sort()).toEqual([`Reader ${stamp}`, `Writer ${stamp}`]);
  });

  test('Identity → Users → a user: the administrators’ scopes are offered only for an administrator’s tokens', async ({
    adminPage: page,
    adminApi,
    testUser,
  }) => {
    const otherAdmin = await adminApi.createUser({ role: 'admin', prefix: 'e2e-admin' });
    for (const [owner, offered] of [
      [testUser, false],
      [otherAdmin, true],
    ] as const) {
      await new AppShell(page).openIdentityUsers();
      await new UsersPage(page).openUser(owner.username);
      const tokens = new AuthTokensPage(page);
      await expect(tokens.userHeading(owner)).toBeVisible();
      await tokens.generateButton.click();
      const dialog = tokens.generateDialog;
      await expect(dialog.scope('profile:read')).toBeChecked();
      await expect(dialog.scope('admin:write')).toHaveCount(offered ? 1 : 0);
      await page.keyboard.press('Escape');
      await expect(dialog.dialog).toBeHidden();
    }
  });
});
