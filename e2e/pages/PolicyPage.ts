import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

/** Identity → Policy: the lifecycle policy form, its live impact counts, and Save. */
export class PolicyPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly maxLifetime: Locator;
  readonly defaultLifetime: Locator;
  readonly requireExpiry: Locator;
  /** The counts of existing tokens the proposed policy would affect, above Save. */
  readonly impact: Locator;
  readonly saveButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Policy', exact: true, level: 1 });
    this.form = page.getByRole('form', { name: 'Policy' });
    this.maxLifetime = this.form.getByRole('textbox', { name: 'Maximum lifetime (days)' });
    this.defaultLifetime = this.form.getByRole('textbox', { name: 'Default lifetime (days)' });
    this.requireExpiry = this.form.getByRole('checkbox', { name: 'Require an expiry date' });
    this.impact = this.form.getByRole('status');
    this.saveButton = this.form.getByRole('button', { name: 'Save policy' });
  }

  /** Identity in the main navigation, then Policy under it. */
  async open(): Promise<void> {
    const shell = new AppShell(this.page);
    await shell.openIdentity();
    await shell.mainNav.getByRole('link', { name: 'Policy', exact: true }).click();
    await expect(this.heading).toBeVisible();
    await expect(this.saveButton).toBeVisible();
  }

  /** Saves and waits for the confirmation that says what changed. */
  async save(): Promise<string> {
    await this.saveButton.click();
    const confirmation = this.page.getByText(/^Policy saved/);
    await expect(confirmation).toBeVisible();
    return (await confirmation.textContent()) ?? '';
  }
}
