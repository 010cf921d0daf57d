import { expect, type Locator, type Page } from '@playwright/test';
import { GenerateTokenDialog } from './GenerateTokenDialog.js';
import { RevealTokenDialog } from './RevealTokenDialog.js';

/**
 * The Auth Tokens resource of a user page: User Settings for yourself, or Identity → Users → a user for an
 * administrator. One set of components serves both.
 */
export class AuthTokensPage {
  readonly resourcesNav: Locator;
  readonly authTokensLink: Locator;
  readonly table: Locator;
  readonly generateButton: Locator;
  readonly generateDialog: GenerateTokenDialog;
  readonly revealDialog: RevealTokenDialog;
  /** Confirmation for Regenerate, Suspend and Delete; Radix-style libraries use alertdialog, others dialog. */
  readonly confirmDialog: Locator;
  readonly editDialog: Locator;
  /** The list's controls: search, status and scope filters, and order. */
  readonly search: Locator;
  readonly statusFilter: Locator;
  readonly scopeFilter: Locator;
  readonly sort: Locator;
  readonly heading: Locator;
  /** "Keep the old secret working for" in the Regenerate confirmation (issue 20). */
  readonly graceChoice: Locator;

  constructor(readonly page: Page) {
    this.resourcesNav = page.getByRole('navigation', { name: 'Resources', exact: true });
    this.authTokensLink = this.resourcesNav.getByRole('link', { name: 'Auth Tokens', exact: true });
    this.table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Token hint' }) });
    this.generateButton = page.getByRole('button', { name: 'Generate Token', exact: true });
    this.generateDialog = new GenerateTokenDialog(page);
    this.revealDialog = new RevealTokenDialog(page);
    this.confirmDialog = page
      .getByRole('alertdialog')
      .or(
        page.getByRole('dialog').filter({ has: page.getByRole('button', { name: /^(delete|regenerate|suspend)$/i }) }),
      );
    this.editDialog = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('textbox', { name: 'Description' }) })
      .filter({ hasNot: page.getByRole('button', { name: 'Generate Token' }) });
    const controls = page.getByRole('search', { name: 'Filter tokens' });
    this.search = controls.getByRole('searchbox', { name: 'Search tokens' });
    this.statusFilter = controls.getByRole('combobox', { name: 'Status' });
    this.scopeFilter = controls.getByRole('combobox', { name: 'Scope' });
    this.sort = controls.getByRole('combobox', { name: 'Sort by' });
    this.heading = page.getByRole('heading', { name: 'Auth Tokens', level: 2 });
    this.graceChoice = this.confirmDialog.getByRole('combobox', { name: 'Keep the old secret working for' });
  }

  /** The user page's heading carries the user's name: the display name, or the username. */
  userHeading(user: { displayName: string; username: string }): Locator {
    const name = new RegExp(`${escapeRegExp(user.displayName)}|${escapeRegExp(user.username)}`);
    return this.page.getByRole('heading', { name }).first();
  }

  async open(): Promise<void> {
    await this.authTokensLink.click();
    await this.expectLoaded();
  }

  /** With no tokens yet the page may show an empty state instead of the table. */
  async expectLoaded(): Promise<void> {
    await expect(this.generateButton).toBeVisible();
  }

  async expectTableColumns(): Promise<void> {
    await expect(this.table).toBeVisible();
    for (const column of ['Description', 'Token hint', 'Scopes', 'Created', 'Expires', 'Last used', 'Status']) {
      await expect(this.table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
    }
  }

  row(description: string): Locator {
    return this.table.getByRole('row').filter({ hasText: description });
  }

  /** The row's Actions button (its menu holds Edit, Regenerate, Suspend or Resume, and Delete). */
  actionsButton(description: string): Locator {
    return this.row(description).getByRole('button', { name: /^Actions for / });
  }

  /** The descriptions of the rows, top to bottom. */
  async descriptions(): Promise<string[]> {
    const names = await this.table
      .getByRole('button', { name: /^Actions for / })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return names.map((n) => n.replace(/^Actions for /, ''));
  }

  /** Actions → an item, by mouse. */
  async chooseAction(
    description: string,
    item: 'Edit' | 'Regenerate' | 'Suspend' | 'Resume' | 'Delete' | 'End grace now',
  ): Promise<void> {
    await this.actionsButton(description).click();
    const menu = this.page.getByRole('menu');
    await expect(menu).toBeVisible();
    await menu.getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** Generate Token → fill → submit; returns the open reveal dialog. */
  async generate(description: string, expiry?: string): Promise<RevealTokenDialog> {
    await this.generateButton.click();
    await this.generateDialog.fill(description, expiry);
    await this.generateDialog.submit();
    await this.revealDialog.expectOpen();
    return this.revealDialog;
  }

  async edit(description: string, newDescription: string): Promise<void> {
    await this.chooseAction(description, 'Edit');
    await expect(this.editDialog).toBeVisible();
    const field = this.editDialog.getByRole('textbox', { name: 'Description' });
    await field.fill(newDescription);
    await this.editDialog.getByRole('button', { name: /^(save|update)/i }).click();
    await expect(this.editDialog).toBeHidden();
  }

  async regenerate(description: string): Promise<RevealTokenDialog> {
    await this.chooseAction(description, 'Regenerate');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await this.revealDialog.expectOpen();
    return this.revealDialog;
  }

  /**
   * Regenerate with "Keep the old secret working for" set (issue 20): returns the open reveal dialog. The choice is
   * a labelled select inside the confirmation.
   */
  async regenerateWithGrace(description: string, keep: '15 minutes' | '1 hour' | '1 day'): Promise<RevealTokenDialog> {
    await this.chooseAction(description, 'Regenerate');
    await expect(this.confirmDialog).toBeVisible();
    await this.graceChoice.selectOption({ label: keep });
    await expect(this.confirmDialog).toContainText(`keeps working for ${keep}`);
    await this.confirmDialog.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await this.revealDialog.expectOpen();
    return this.revealDialog;
  }

  /** Actions → End grace now, confirmed; waits until the row no longer shows the old secret's window. */
  async endGrace(description: string): Promise<void> {
    await this.chooseAction(description, 'End grace now');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: 'End grace now', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.row(description)).not.toContainText('Old secret works until');
  }

  /** Actions → Suspend, confirmed; waits for the row to say Suspended. */
  async suspend(description: string): Promise<void> {
    await this.chooseAction(description, 'Suspend');
    await expect(this.confirmDialog).toBeVisible();
    await expect(this.confirmDialog).toContainText(description);
    await this.confirmDialog.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.row(description)).toContainText('Suspended');
  }

  /** Actions → Resume (no confirmation: nothing is lost); waits for the row to say Active. */
  async resume(description: string): Promise<void> {
    await this.chooseAction(description, 'Resume');
    await expect(this.row(description)).toContainText('Active');
  }

  async delete(description: string): Promise<void> {
    await this.chooseAction(description, 'Delete');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.row(description)).toHaveCount(0);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
