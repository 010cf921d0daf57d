import { expect, type Locator, type Page } from '@playwright/test';

/** User Settings → Security → Two-factor authentication, and the dialogs it opens. */
export class TwoFactorPage {
  readonly section: Locator;
  readonly setUpApp: Locator;
  readonly addPasskey: Locator;
  readonly regenerateCodes: Locator;
  readonly turnOff: Locator;
  readonly dialog: Locator;
  readonly setupKey: Locator;
  readonly verificationCode: Locator;
  readonly verify: Locator;
  readonly codesDialog: Locator;
  readonly codes: Locator;
  readonly passkeys: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Two-factor authentication', exact: true });
    this.setUpApp = this.section.getByRole('button', { name: 'Set up authenticator app', exact: true });
    this.addPasskey = this.section.getByRole('button', { name: 'Add a passkey', exact: true });
    this.regenerateCodes = this.section.getByRole('button', { name: 'Regenerate recovery codes', exact: true });
    this.turnOff = this.section.getByRole('button', { name: 'Turn off', exact: true });
    this.dialog = page.getByRole('dialog');
    this.setupKey = this.dialog.getByLabel('Setup key', { exact: true });
    this.verificationCode = this.dialog.getByLabel('Verification code', { exact: true });
    this.verify = this.dialog.getByRole('button', { name: 'Verify', exact: true });
    this.codesDialog = page.getByRole('dialog', { name: 'Save your recovery codes' });
    this.codes = this.codesDialog.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    this.passkeys = this.section.getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
  }

  async goto(): Promise<void> {
    await this.page.goto('/settings/security');
    await expect(this.section).toBeVisible();
  }

  /** The secret as the dialog shows it for typing by hand (grouped by four), without the spaces. */
  async secret(): Promise<string> {
    await expect(this.setupKey).toBeVisible();
    return (await this.setupKey.innerText()).replace(/\s/g, '');
  }

  /** Reads the recovery codes shown once, then closes their dialog. */
  async takeRecoveryCodes(): Promise<string[]> {
    await expect(this.codesDialog).toBeVisible();
    await expect(this.codes).toHaveCount(10);
    const codes = (await this.codes.allInnerTexts()).map((c) => c.trim());
    await this.codesDialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(this.codesDialog).toBeHidden();
    return codes;
  }
}
