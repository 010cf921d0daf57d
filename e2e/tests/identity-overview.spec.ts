import { test, expect } from '../fixtures.js';
import { IdentityPage } from '../pages/IdentityPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

// The suite's server is started with this bootstrap token (playwright.config.ts); E2E_BASE_URL runs bring their own.
const BOOTSTRAP = process.env.E2E_BOOTSTRAP_TOKEN;

test.describe('Identity overview: the bootstrap token', () => {
  test.skip(!BOOTSTRAP, 'needs the bootstrap token the suite’s own server is started with');

  test('an administrator sees it configured and last used, turns it off (refused at once) and on again', async ({
    adminPage: page,
    playwright,
    baseURL,
  }, testInfo) => {
    const api = await playwright.request.newContext({ baseURL: baseURL! });
    const whoami = () => api.get('/api/whoami', { headers: { Authorization: `Bearer ${BOOTSTRAP}` } });
    try {
      expect((await whoami()).status()).toBe(200);
      const identity = new IdentityPage(page);
      await identity.goto();
      await expect(identity.fact('Configured')).toHaveText(/^Yes/);
      await expect(identity.fact('Enabled')).toHaveText(/^Yes/);
      await expect(identity.fact('Last used')).toHaveText(/just now from 127\.0\.0\.1/);
      await expectNoSeriousA11yViolations(page, 'identity overview', testInfo);

      await identity.turn('off');
      await expect(page.getByText(/Turned the bootstrap token off/)).toBeVisible();
      await expect(identity.fact('Enabled')).toHaveText(/^No/);
      await expect(identity.turnOn).toBeVisible();
      expect((await whoami()).status()).toBe(401);

      // Keyboard: Turn on is reached and confirmed without a pointer.
      await identity.turnOn.focus();
      await page.keyboard.press('Enter');
      await expect(identity.confirmDialog).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'turn on the bootstrap token', testInfo);
      await identity.confirmDialog.getByRole('button', { name: 'Turn on', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByText(/Turned the bootstrap token on/)).toBeVisible();
      await expect(identity.fact('Enabled')).toHaveText(/^Yes/);
      expect((await whoami()).status()).toBe(200);
    } finally {
      await api.dispose();
    }
  });
});
