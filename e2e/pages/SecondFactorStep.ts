import type { Locator, Page } from '@playwright/test';

/** The sign-in page's second step, after a right password for an account with a second factor. */
export class SecondFactorStep {
  readonly heading: Locator;
  readonly verificationCode: Locator;
  readonly recoveryCode: Locator;
  readonly verify: Locator;
  readonly useRecoveryCode: Locator;
  readonly usePasskey: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Two-factor authentication' });
    this.verificationCode = page.getByLabel('Verification code', { exact: true });
    this.recoveryCode = page.getByLabel('Recovery code', { exact: true });
    this.verify = page.getByRole('button', { name: 'Verify', exact: true });
    this.useRecoveryCode = page.getByRole('button', { name: 'Use a recovery code', exact: true });
    this.usePasskey = page.getByRole('button', { name: 'Use a passkey', exact: true });
  }
}
