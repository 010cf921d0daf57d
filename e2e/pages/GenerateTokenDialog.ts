import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './UsersPage.js';

export const EXPIRY_CHOICES = ['30 days', '60 days', '90 days', '1 year', 'Custom date', 'No expiry'] as const;

export class GenerateTokenDialog {
  readonly dialog: Locator;
  readonly description: Locator;
  readonly submitButton: Locator;
  /** The Scopes checklist: a group of checkboxes named by scope, each described by what it allows. */
  readonly scopes: Locator;
  readonly allowedNetworks: Locator;
  /** The Projects choice (issue 21): a group of checkboxes named by project; none ticked is all projects. */
  readonly projects: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Generate Token' }) });
    this.description = this.dialog.getByLabel('Description', { exact: true });
    this.submitButton = this.dialog.getByRole('button', { name: 'Generate Token', exact: true });
    this.scopes = this.dialog.getByRole('group', { name: 'Scopes' });
    this.allowedNetworks = this.dialog.getByRole('textbox', { name: /^Allowed networks/ });
    this.projects = this.dialog.getByRole('group', { name: /^Projects/ });
  }

  project(name: string): Locator {
    return this.projects.getByRole('checkbox', { name, exact: true });
  }

  scope(name: string): Locator {
    return this.scopes.getByRole('checkbox', { name, exact: true });
  }

  async expectOpen(): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await expect(this.description).toBeVisible();
  }

  /** The expiry choice, labelled "Expires": a select, a custom combobox or a radio group. */
  async chooseExpiry(choice: string): Promise<void> {
    await chooseOption(this.dialog, 'Expires', choice);
  }

  async fill(description: string, expiry?: string): Promise<void> {
    await this.expectOpen();
    await this.description.fill(description);
    if (expiry) await this.chooseExpiry(expiry);
  }

  async submit(): Promise<void> {
    await this.submitButton.click();
  }
}
