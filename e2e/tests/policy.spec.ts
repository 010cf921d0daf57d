import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { PolicyPage } from '../pages/PolicyPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

const DAY = 86_400_000;
const dateInput = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

test.describe('Identity → Policy', () => {
  test('an administrator requires expiry within a maximum lifetime, sees what it affects, and a user’s Generate follows it', async ({
    adminPage,
    userPage,
    testUser,
    adminApi,
  }) => {
    const before = await adminApi.policy();
    test.skip(before.requireExpiry === true, 'this deployment already requires an expiry');
    // A token that never expires: the proposed policy counts it.
    await adminApi.createAuthTokenExpiringAt(testUser.id, 'Forever', null);
    try {
      const policy = new PolicyPage(adminPage);
      await policy.open();
      await policy.maxLifetime.fill('365');
      if (Number(await policy.defaultLifetime.inputValue()) > 365) await policy.defaultLifetime.fill('90');
      await policy.requireExpiry.check();
      // Counted live, before Save: at least our own never-expiring token.
      await expect(policy.impact).toContainText(/existing tokens? never expires?/);
      const counted = Number(
        (await policy.impact.textContent())!.match(/([\d,]+) existing tokens? never expire/)![1]!.replace(/,/g, ''),
      );
      expect(counted).toBeGreaterThanOrEqual(1);
      await expect(policy.maxLifetime).toHaveAccessibleDescription(/no token can be generated or regenerated/i);

      expect(await policy.save()).toMatch(/maximum lifetime 365 days; expiry required/);
      expect(await adminApi.policy()).toMatchObject({ maxLifetimeDays: 365, requireExpiry: true });

      await new AppShell(userPage).openUserSettings();
      const tokens = new AuthTokensPage(userPage);
      await tokens.open();
      await tokens.generateButton.click();
      const dialog = tokens.generateDialog;
      await dialog.fill('Longer than allowed');
      const expires = dialog.dialog.getByRole('combobox', { name: 'Expires' });
      expect(await expires.getByRole('option').allTextContents()).not.toContain('No expiry');
      await dialog.chooseExpiry('Custom date');
      await dialog.dialog.getByLabel('Custom expiry date').fill(dateInput(new Date(Date.now() + 400 * DAY)));
      await dialog.submit();
      await expect(dialog.dialog.getByText(/Choose a date between/)).toBeVisible();
      await expect(dialog.dialog).toBeVisible();
    } finally {
      await adminApi.updatePolicy({
        maxLifetimeDays: before.maxLifetimeDays,
        requireExpiry: before.requireExpiry,
        defaultLifetimeDays: before.defaultLifetimeDays,
      });
    }
  });

  test('Edit token offers only the scopes the policy allows, and those the token already holds (to untick)', async ({
    userPage,
    testUser,
    adminApi,
  }) => {
    const before = await adminApi.policy();
    await adminApi.createAuthToken(testUser.id, 'Reads tokens', { scopes: ['tokens:read'] });
    try {
      await adminApi.updatePolicy({ allowedScopes: ['profile:read'], defaultScopes: ['profile:read'] });
      await new AppShell(userPage).openUserSettings();
      const tokens = new AuthTokensPage(userPage);
      await tokens.open();
      await tokens.chooseAction('Reads tokens', 'Edit');
      const scopes = tokens.editDialog.getByRole('group', { name: 'Scopes' });
      await expect(scopes.getByRole('checkbox', { name: 'tokens:read' })).toBeChecked();
      await expect(scopes.getByRole('checkbox', { name: 'profile:read' })).not.toBeChecked();
      // tokens:write and activity:read are neither allowed nor held.
      await expect(scopes.getByRole('checkbox')).toHaveCount(2);
    } finally {
      await adminApi.updatePolicy({ allowedScopes: before.allowedScopes, defaultScopes: before.defaultScopes });
    }
  });

  test('the form is reachable by keyboard, axe clean, and refuses an inconsistent policy without saving', async ({
    adminPage: page,
    adminApi,
  }, testInfo) => {
    const before = await adminApi.policy();
    const policy = new PolicyPage(page);
    await policy.open();
    await expect(policy.impact).toContainText(/live tokens?/);
    await expectNoSeriousA11yViolations(page, 'identity-policy', testInfo);

    // From the first field, Tab reaches Save.
    await policy.form.getByRole('textbox', { name: 'Maximum tokens per user' }).focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await policy.saveButton.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);

    // A maximum below the default lifetime, without requiring expiry: Enter submits, both rules are named.
    await policy.defaultLifetime.fill('90');
    await policy.maxLifetime.fill('10');
    await policy.requireExpiry.uncheck();
    await policy.maxLifetime.press('Enter');
    await expect(page.getByText('Default lifetime (days) must not exceed the maximum lifetime.')).toBeVisible();
    await expect(page.getByText(/A maximum lifetime means every token expires/)).toBeVisible();
    await expect(policy.defaultLifetime).toBeFocused();
    await expectNoSeriousA11yViolations(page, 'identity-policy-invalid', testInfo);
    expect(await adminApi.policy()).toEqual(before);
  });
});
