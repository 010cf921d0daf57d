import { randomInt } from 'node:crypto';
import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { UsersPage } from '../pages/UsersPage.js';
import { sameOrigin, signInWithApi, uniqueName } from '../support/api.js';

test.describe('Identity → Users: counts, filters, lockouts', () => {
  test('the list counts users, filters by role and status, and shows tokens and last sign-in', async ({
    adminPage,
    adminApi,
    playwright,
    baseURL,
  }) => {
    const prefix = uniqueName('list');
    const user = await adminApi.createUser({ prefix });
    const admin = await adminApi.createUser({ prefix, role: 'admin' });
    const disabled = await adminApi.createUser({ prefix });
    await adminApi.createAuthToken(user.id, 'one');
    await adminApi.createAuthToken(user.id, 'two');
    await adminApi.updateUser(disabled.id, { disabled: true });
    const request = await playwright.request.newContext({ baseURL: baseURL! });
    try {
      await signInWithApi(request, baseURL!, user);
    } finally {
      await request.dispose();
    }

    await new AppShell(adminPage).openIdentityUsers();
    const users = new UsersPage(adminPage);
    await users.expectLoaded();
    await expect(users.count).toHaveText(/^\d+ users?$/);
    await users.search.fill(prefix);
    await expect(users.count).toHaveText('3 users match');
    await expect(users.table.getByRole('row')).toHaveCount(4);

    await expect(await users.cell(user.username, 'Tokens')).toHaveText('2');
    await expect(await users.cell(admin.username, 'Tokens')).toHaveText('0');
    await expect(await users.cell(user.username, 'Last sign-in')).toHaveText(/just now|minute/);
    await expect(await users.cell(admin.username, 'Last sign-in')).toHaveText('Never');

    await users.roleFilter.selectOption({ label: 'Administrator' });
    await expect(users.count).toHaveText('1 user matches');
    await expect(users.row(admin.username)).toHaveCount(1);
    await expect(adminPage).toHaveURL(/role=admin/);
    await users.roleFilter.selectOption({ label: 'All roles' });

    await users.statusFilter.selectOption({ label: 'Disabled' });
    await expect(users.count).toHaveText('1 user matches');
    await expect(users.row(disabled.username)).toContainText('Disabled');
    await users.statusFilter.selectOption({ label: 'Active' });
    await expect(users.count).toHaveText('2 users match');
    await expect(users.row(disabled.username)).toHaveCount(0);
    // The filters live in the address: a reload keeps them.
    await adminPage.reload();
    await expect(users.statusFilter).toHaveValue('active');
    await expect(users.count).toHaveText('2 users match');
  });

  test('a user locked out by failed sign-ins shows “Locked until …”, and Unlock says what it did', async ({
    adminPage,
    adminApi,
    playwright,
    baseURL,
  }) => {
    const victim = await adminApi.createUser({ prefix: 'locked' });
    const api = await playwright.request.newContext({ baseURL: baseURL! });
    // One made-up address guessing the account (the server trusts the loopback proxy in this suite): a username is
    // locked for the address that guessed it, never for the suite's own address (127.0.0.1) or anyone else's.
    const guesser = { ...sameOrigin(baseURL!), 'X-Forwarded-For': `198.51.100.${randomInt(1, 254)}` };
    try {
      // Wrong passwords until the username is locked at that address.
      let status = 0;
      for (let i = 0; i < 30 && status !== 429; i++) {
        const r = await api.post('/api/session', {
          data: { username: victim.username, password: 'not the password at all' },
          headers: guesser,
        });
        status = r.status();
      }
      expect(status, 'the username is locked after repeated failures').toBe(429);
    } finally {
      await api.dispose();
    }

    await new AppShell(adminPage).openIdentityUsers();
    const users = new UsersPage(adminPage);
    await users.searchFor(victim.username);
    await expect(users.row(victim.username)).toContainText(/Locked until/);
    await users.statusFilter.selectOption({ label: 'Locked' });
    await expect(users.row(victim.username)).toHaveCount(1);

    await users.row(victim.username).getByRole('link').first().click();
    await expect(adminPage.getByText(/Sign-in is locked until/)).toBeVisible();
    await expect(adminPage.getByText(/^Locked until /)).toBeVisible();
    const unlock = adminPage.getByRole('button', { name: 'Unlock sign-in', exact: true });
    await unlock.click();
    const toast = (text: string) => adminPage.getByRole('status').filter({ hasText: text });
    await expect(toast(`Lifted the sign-in lockout of ${victim.username}.`)).toBeVisible();
    await expect(adminPage.getByText(/Sign-in is locked until/)).toHaveCount(0);
    await expect(adminPage.getByText(/^Locked until /)).toHaveCount(0);
    await unlock.click();
    await expect(toast(`${victim.username} was not locked out.`)).toBeVisible();

    // And the user can sign in again, from the address that was locked out too.
    const again = await playwright.request.newContext({ baseURL: baseURL! });
    try {
      const r = await again.post('/api/session', {
        data: { username: victim.username, password: victim.password },
        headers: guesser,
      });
      expect(r.status(), 'the unlock lifted the lockout at the guessing address').toBe(200);
    } finally {
      await again.dispose();
    }
  });

  test('with API tokens off, the notice names the administrators to contact', async ({
    userPage,
    testUser,
    adminApi,
    admin,
  }) => {
    await adminApi.updateUser(testUser.id, { apiTokensEnabled: false });
    await userPage.goto('/settings/auth-tokens');
    const notice = userPage.getByText(/Administrators? to contact/);
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(admin.username);
  });
});
