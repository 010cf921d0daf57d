import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { generate } from 'otplib';
import { expect, test } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { SecondFactorStep } from '../pages/SecondFactorStep.js';
import { ConfirmItsYouDialog } from '../pages/SecurityPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { TwoFactorPage } from '../pages/TwoFactorPage.js';
import { UsersPage } from '../pages/UsersPage.js';
import { strongPassword } from '../support/api.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { ageSessionAuthentication } from '../support/sessions.js';
import { useOwnClientAddress } from '../support/client-address.js';

/** The code an authenticator app would show `offset` 30-second steps from now (RFC 6238, as the server checks). */
const totp = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });
const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** Chromium's DevTools virtual authenticator: a platform passkey that always verifies the user. */
async function addVirtualAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}

async function signOut(page: Page) {
  await new AppShell(page).signOutViaMenu();
  await new SignInPage(page).expectVisible();
}

test.describe('two-factor authentication', () => {
  test('a user sets up an authenticator app, then signs in with a code computed here and with a recovery code', async ({
    userPage: page,
    testUser,
  }, testInfo) => {
    await useOwnClientAddress(page);
    const mfa = new TwoFactorPage(page);
    await mfa.goto();
    await mfa.setUpApp.click();
    await expect(mfa.dialog.getByRole('img', { name: 'QR code for setting up your authenticator app' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'Set up authenticator app', testInfo);
    const secret = await mfa.secret();
    await mfa.verificationCode.fill('000000');
    await mfa.verify.click();
    await expect(mfa.dialog.getByText('is not the current code of your authenticator app')).toBeVisible();
    await mfa.verificationCode.fill(await totp(secret));
    await mfa.verify.click();
    await expect(toast(page, 'Authenticator app set up')).toBeVisible();
    await expect(mfa.codesDialog).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'Save your recovery codes', testInfo);
    const codes = await mfa.takeRecoveryCodes();
    expect(codes[0]).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    await expect(mfa.section.getByText('10 of 10 left')).toBeVisible();
    // A factor changed: the other sessions may be ended from here (ASVS 7.4.3).
    await mfa.section.getByRole('button', { name: 'Sign out other sessions', exact: true }).click();
    await expect(toast(page, 'other session')).toBeVisible();
    await expect(mfa.section.getByRole('button', { name: 'Sign out other sessions', exact: true })).toBeHidden();

    // Sign in again: the password, then a code of the next step (the first was used at set-up).
    await signOut(page);
    const signIn = new SignInPage(page);
    const second = new SecondFactorStep(page);
    await signIn.signIn(testUser);
    await expect(second.heading).toBeVisible();
    await expect(second.verificationCode).toBeFocused();
    await expectNoSeriousA11yViolations(page, 'Sign-in second step', testInfo);
    await second.verificationCode.fill(await totp(secret, 1));
    await second.verify.click();
    await new AppShell(page).expectSignedIn();

    // And with a recovery code, once.
    await signOut(page);
    await signIn.signIn(testUser);
    await second.useRecoveryCode.click();
    await second.recoveryCode.fill(codes[0]!);
    await second.verify.click();
    await new AppShell(page).expectSignedIn();
    await mfa.goto();
    await expect(mfa.section.getByText('9 of 10 left')).toBeVisible();

    await signOut(page);
    await signIn.signIn(testUser);
    await second.useRecoveryCode.click();
    await second.recoveryCode.fill(codes[0]!);
    await second.verify.click();
    await expect(page.getByRole('alert').filter({ hasText: 'not accepted' })).toBeVisible();
  });

  test('a user adds a passkey and signs in with it (virtual authenticator); an administrator resets it', async ({
    browser,
    adminPage,
    adminApi,
  }) => {
    // WebAuthn needs a domain, not an IP address: this browser talks to the same server as localhost.
    const user = await adminApi.createUser({ prefix: 'passkey' });
    const base = new URL(adminPage.url());
    const context = await browser.newContext({ baseURL: `http://localhost:${base.port}` });
    const page = await context.newPage();
    await addVirtualAuthenticator(page);
    const signIn = new SignInPage(page);
    await signIn.goto('/settings/security');
    await signIn.signIn(user);
    const mfa = new TwoFactorPage(page);
    await expect(mfa.section).toBeVisible();

    await mfa.addPasskey.click();
    await mfa.dialog.getByLabel('Name', { exact: true }).fill('Virtual key');
    await mfa.dialog.getByRole('button', { name: 'Add passkey', exact: true }).click();
    await expect(toast(page, 'Passkey “Virtual key” added.')).toBeVisible();
    await mfa.takeRecoveryCodes();
    await expect(mfa.passkeys).toHaveCount(1);
    await expect(mfa.passkeys.first()).toContainText('never used');

    await signOut(page);
    const second = new SecondFactorStep(page);
    await signIn.signIn(user);
    await expect(second.heading).toBeVisible();
    await second.usePasskey.click();
    await new AppShell(page).expectSignedIn();
    await mfa.goto();
    await expect(mfa.passkeys.first()).toContainText('last used');

    // An old session confirms it's the user with the passkey, and the rename goes ahead.
    if (ageSessionAuthentication(user.username)) {
      await mfa.section.getByRole('button', { name: 'Rename passkey Virtual key' }).click();
      await mfa.dialog.getByLabel('Name', { exact: true }).fill('Virtual key 2');
      await mfa.dialog.getByRole('button', { name: 'Save', exact: true }).click();
      const confirm = new ConfirmItsYouDialog(page);
      await expect(confirm.dialog).toBeVisible();
      await confirm.dialog.getByRole('button', { name: 'Use a passkey', exact: true }).click();
      await confirm.dialog.getByRole('button', { name: 'Use a passkey', exact: true }).click();
      await expect(confirm.dialog).toBeHidden();
      await expect(toast(page, 'Renamed the passkey to “Virtual key 2”.')).toBeVisible();
    }

    // The administrator resets it: the password alone signs in again.
    await adminPage.goto('/identity/users');
    await new UsersPage(adminPage).openUser(user.username);
    await expect(adminPage.getByText('Two-factor authentication: On (1 passkey)')).toBeVisible();
    await adminPage.getByRole('button', { name: 'Reset two-factor authentication', exact: true }).click();
    await adminPage.getByRole('alertdialog').getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(toast(adminPage, `Reset two-factor authentication for ${user.username}`)).toBeVisible();
    await signOut(page);
    await signIn.signIn(user);
    await new AppShell(page).expectSignedIn();
    await context.close();
  });
});

test.describe('step-up with a second factor', () => {
  test('an old session confirms it is the user with a code from the app, then the change goes ahead', async ({
    userPage: page,
    testUser,
  }) => {
    await useOwnClientAddress(page);
    const mfa = new TwoFactorPage(page);
    await mfa.goto();
    await mfa.setUpApp.click();
    const secret = await mfa.secret();
    await mfa.verificationCode.fill(await totp(secret));
    await mfa.verify.click();
    await mfa.takeRecoveryCodes();
    test.skip(!ageSessionAuthentication(testUser.username), 'needs the suite’s own server to age the session');

    await mfa.regenerateCodes.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Regenerate', exact: true }).click();
    const confirm = new ConfirmItsYouDialog(page);
    await expect(confirm.dialog).toBeVisible();
    await expect(confirm.password).toBeVisible();
    await confirm.dialog.getByRole('button', { name: 'Use your authenticator app', exact: true }).click();
    const code = confirm.dialog.getByLabel('Verification code', { exact: true });
    await expect(code).toBeFocused();
    await code.fill('000000');
    await confirm.confirmButton.click();
    await expect(confirm.dialog.getByRole('alert')).toContainText('not accepted');
    await code.fill(await totp(secret, 1));
    await confirm.confirmButton.click();
    await expect(confirm.dialog).toBeHidden();
    // The refused regenerate was sent again by itself: the new codes are shown once.
    await expect(toast(page, 'New recovery codes made')).toBeVisible();
    await mfa.takeRecoveryCodes();
  });
});

test.describe('TESSERA_REQUIRE_MFA=all', () => {
  // A server of its own with the requirement on (the suite's shared server has it off), two ports up (the next one is
  // the suite's OpenID provider, playwright.config.ts).
  test.skip(Boolean(process.env.E2E_BASE_URL), 'needs a server this suite starts itself');
  const port = Number(process.env.E2E_PORT ?? 3200) + 2;
  const baseURL = `http://127.0.0.1:${port}`;
  const adminPassword = strongPassword();
  let server: ChildProcess | undefined;
  let dataDir = '';

  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-e2e-mfa-'));
    server = spawn('node', ['../server/dist/main.js'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        TESSERA_DATA_DIR: dataDir,
        TESSERA_ADMIN_PASSWORD: adminPassword,
        TESSERA_LOG_LEVEL: 'warn',
        TESSERA_REQUIRE_MFA: 'all',
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${baseURL}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the MFA-required server did not start');
  });
  test.afterAll(() => {
    server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a user without a second factor sees only the set-up screen until they have one', async ({
    browser,
  }, testInfo) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto('/settings/auth-tokens');
    await signIn.signIn({ username: 'admin', password: adminPassword });
    await expect(page.getByRole('heading', { name: 'Set up two-factor authentication', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Profile', exact: true })).toHaveCount(0);
    const mfa = new TwoFactorPage(page);
    await expect(mfa.section.getByText('Your organisation requires two-factor authentication')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'Set up two-factor authentication (required)', testInfo);
    // The API refuses everything else meanwhile.
    const refused = await page.request.get('/api/users');
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('mfa_enrolment_required');

    await mfa.setUpApp.click();
    const secret = await mfa.secret();
    await mfa.verificationCode.fill(await totp(secret));
    await mfa.verify.click();
    await mfa.takeRecoveryCodes();
    await new AppShell(page).expectSignedIn();
    await expect(page).toHaveURL(/\/settings\/auth-tokens$/);
    expect((await page.request.get('/api/users')).status()).toBe(200);
    await context.close();
  });
});
