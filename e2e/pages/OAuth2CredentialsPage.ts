import { expect, type Locator, type Page } from '@playwright/test';

/** Finds client secrets (tsc_…) in any text without printing them. */
export const CLIENT_SECRET_PATTERN = /tsc_[0-9A-Za-z]{36}/g;

/** Resources → OAuth 2.0 client credentials on a user page (your own, or any user's for an administrator). */
export class OAuth2CredentialsPage {
  readonly link: Locator;
  readonly table: Locator;
  readonly generateButton: Locator;
  readonly generateDialog: Locator;
  readonly revealDialog: Locator;
  readonly confirmDialog: Locator;
  readonly unavailableNotice: Locator;

  constructor(readonly page: Page) {
    this.link = page
      .getByRole('navigation', { name: 'Resources', exact: true })
      .getByRole('link', { name: 'OAuth 2.0 client credentials', exact: true });
    this.table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Client ID' }) });
    this.generateButton = page.getByRole('button', { name: 'Generate OAuth 2.0 client credential', exact: true });
    this.generateDialog = page.getByRole('dialog', { name: 'Generate OAuth 2.0 client credential' });
    this.revealDialog = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('textbox', { name: 'Client secret', exact: true }) });
    this.confirmDialog = page.getByRole('alertdialog');
    this.unavailableNotice = page.getByText('OAuth 2.0 client credentials are not available in this deployment');
  }

  async open(): Promise<void> {
    await this.link.click();
    await expect(this.generateButton).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }

  actionsButton(name: string): Locator {
    return this.row(name).getByRole('button', { name: /^Actions for / });
  }

  /** Actions → an item, by mouse. */
  async chooseAction(
    name: string,
    item: 'Edit' | 'Reset secret' | 'Suspend' | 'Resume' | 'Delete' | 'End grace now',
  ): Promise<void> {
    await this.actionsButton(name).click();
    const menu = this.page.getByRole('menu');
    await expect(menu).toBeVisible();
    await menu.getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** One audience/scope pair of a Generate or Edit dialog: its own group, "Scope pair N", labelled Audience and Scope. */
  scopePair(dialog: Locator, n: number): { audience: Locator; scope: Locator } {
    const group = dialog.getByRole('group', { name: `Scope pair ${n}`, exact: true });
    return {
      audience: group.getByRole('textbox', { name: 'Audience', exact: true }),
      scope: group.getByRole('combobox', { name: 'Scope', exact: true }),
    };
  }

  /** Generate → Name, Title and audience/scope pairs (the first is filled, then "+ Another scope" for each next). */
  async generate(name: string, title: string, pairs: { audience: string; scope: string }[]): Promise<void> {
    await this.generateButton.click();
    const d = this.generateDialog;
    await expect(d).toBeVisible();
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await d.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
    for (const [i, p] of pairs.entries()) {
      if (i > 0) await d.getByRole('button', { name: '+ Another scope', exact: true }).click();
      const pair = this.scopePair(d, i + 1);
      await pair.audience.fill(p.audience);
      await pair.scope.fill(p.scope);
    }
    await this.submitGenerate();
    await expect(this.revealDialog).toBeVisible();
  }

  /**
   * Generate's submit button, then the pointer off to the corner: the toast that follows appears where the button was
   * (the dialog's bottom right), and a pointer resting on it pauses it over the reveal dialog's Close.
   */
  async submitGenerate(): Promise<void> {
    await this.generateDialog.getByRole('button', { name: 'Generate', exact: true }).click();
    await this.page.mouse.move(0, 0);
  }

  async revealedSecret(): Promise<string> {
    const value = await this.revealDialog.getByRole('textbox', { name: 'Client secret', exact: true }).inputValue();
    const found = new Set([...value.matchAll(CLIENT_SECRET_PATTERN)].map((m) => m[0]));
    if (found.size !== 1)
      throw new Error(`The reveal dialog should show exactly one client secret; it shows ${found.size}.`);
    return [...found][0]!;
  }

  async revealedClientId(): Promise<string> {
    return this.revealDialog.getByRole('textbox', { name: 'Client ID' }).inputValue();
  }

  async copySecret(): Promise<void> {
    await this.revealDialog.getByRole('button', { name: 'Copy', exact: true }).click();
  }

  /** Close; when the secret was not copied, confirms "Close without copying" too. */
  async closeReveal(): Promise<void> {
    await this.revealDialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' }).click();
    const discard = this.page
      .getByRole('alertdialog', { name: 'Close without copying?' })
      .getByRole('button', { name: 'Close without copying', exact: true });
    await expect(discard.or(this.generateButton)).toBeVisible();
    if (await discard.isVisible()) await discard.click();
    await expect(this.revealDialog).toBeHidden();
  }

  /** Edit → change the name (the other fields keep their values) → Save. */
  async rename(name: string, newName: string): Promise<void> {
    await this.chooseAction(name, 'Edit');
    const d = this.page.getByRole('dialog', { name: 'Edit OAuth 2.0 client credential' });
    await expect(d).toBeVisible();
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill(newName);
    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(d).toBeHidden();
    await expect(this.row(newName)).toHaveCount(1);
  }

  async resetSecret(name: string): Promise<void> {
    await this.chooseAction(name, 'Reset secret');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: 'Reset secret', exact: true }).click();
    await expect(this.revealDialog).toBeVisible();
  }

  /** Reset secret with "Keep the old secret working for" set (issue 20); the reveal dialog is left open. */
  async resetSecretWithGrace(name: string, keep: '15 minutes' | '1 hour' | '1 day'): Promise<void> {
    await this.chooseAction(name, 'Reset secret');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog
      .getByRole('combobox', { name: 'Keep the old secret working for' })
      .selectOption({ label: keep });
    await this.confirmDialog.getByRole('button', { name: 'Reset secret', exact: true }).click();
    await expect(this.revealDialog).toBeVisible();
  }

  /** Actions → End grace now, confirmed; waits until the row no longer shows the old secret's window. */
  async endGrace(name: string): Promise<void> {
    await this.chooseAction(name, 'End grace now');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: 'End grace now', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.row(name)).not.toContainText('Old secret works until');
  }

  /** Actions → Suspend, confirmed (the confirmation names the client); waits for the row to say Suspended. */
  async suspend(name: string): Promise<void> {
    await this.chooseAction(name, 'Suspend');
    await expect(this.confirmDialog).toBeVisible();
    await expect(this.confirmDialog).toContainText(name);
    await this.confirmDialog.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.row(name)).toContainText('Suspended');
  }

  /** Actions → Resume (no confirmation); waits for the row to say Active. */
  async resume(name: string): Promise<void> {
    await this.chooseAction(name, 'Resume');
    await expect(this.row(name)).toContainText('Active');
  }

  async delete(name: string): Promise<void> {
    await this.chooseAction(name, 'Delete');
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
    await expect(this.row(name)).toHaveCount(0);
  }
}
