import { expect, type Locator, type Page } from '@playwright/test';

/** User Settings → Security: Change password and Sessions (also a user's Sessions tab, for administrators). */
export class SecurityPage {
  readonly securityLink: Locator;
  readonly sessionsLink: Locator;
  readonly currentPassword: Locator;
  readonly newPassword: Locator;
  readonly confirmPassword: Locator;
  readonly changePasswordButton: Locator;
  readonly sessionsTable: Locator;
  readonly signOutEverywhereElse: Locator;
  readonly signOutAll: Locator;

  constructor(readonly page: Page) {
    const resources = page.getByRole('navigation', { name: 'Resources' });
    this.securityLink = resources.getByRole('link', { name: 'Security', exact: true });
    this.sessionsLink = resources.getByRole('link', { name: 'Sessions', exact: true });
    const form = page.getByRole('form', { name: 'Change password' });
    this.currentPassword = form.getByLabel('Current password', { exact: true });
    this.newPassword = form.getByLabel('New password', { exact: true });
    this.confirmPassword = form.getByLabel('Confirm new password', { exact: true });
    this.changePasswordButton = form.getByRole('button', { name: 'Change password', exact: true });
    this.sessionsTable = page.getByRole('table', { name: 'Sessions' });
    this.signOutEverywhereElse = page.getByRole('button', { name: 'Sign out everywhere else', exact: true });
    this.signOutAll = page.getByRole('button', { name: 'Sign out all sessions', exact: true });
  }

  async open(): Promise<void> {
    await this.securityLink.click();
    await expect(this.page.getByRole('heading', { name: 'Change password' })).toBeVisible();
    await expect(this.sessionsTable).toBeVisible();
  }

  /** The table's session rows (the header row left out). */
  sessionRows(): Locator {
    return this.sessionsTable.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  currentRow(): Locator {
    return this.sessionRows().filter({ hasText: 'This session' });
  }

  async changePassword(current: string, next: string, confirm = next): Promise<void> {
    await this.currentPassword.fill(current);
    await this.newPassword.fill(next);
    await this.confirmPassword.fill(confirm);
    await this.changePasswordButton.click();
  }
}

/** "Confirm it's you": the step-up dialog the console shows before retrying a sensitive change. */
export class ConfirmItsYouDialog {
  readonly dialog: Locator;
  readonly password: Locator;
  readonly confirmButton: Locator;
  readonly cancelButton: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    this.password = this.dialog.getByLabel('Password', { exact: true });
    this.confirmButton = this.dialog.getByRole('button', { name: 'Confirm', exact: true });
    this.cancelButton = this.dialog.getByRole('button', { name: 'Cancel', exact: true });
  }

  async confirmWith(password: string): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await this.password.fill(password);
    await this.confirmButton.click();
  }
}
