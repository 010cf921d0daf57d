import { expect, type Locator, type Page } from '@playwright/test';

/** Finds application credential secrets (tsa_…) in any text without printing them. */
export const APPLICATION_CREDENTIAL_SECRET_PATTERN = /tsa_[0-9A-Za-z]{36}/g;

/** Resources → Application credentials on a user page (your own, or any user's for an administrator). */
export class ApplicationCredentialsPage {
  readonly link: Locator;
  readonly table: Locator;
  readonly createButton: Locator;
  readonly createDialog: Locator;
  readonly revealDialog: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.link = page
      .getByRole('navigation', { name: 'Resources', exact: true })
      .getByRole('link', { name: 'Application credentials', exact: true });
    this.table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Unrestricted' }) });
    this.createButton = page.getByRole('button', { name: 'Create application credential', exact: true });
    this.createDialog = page.getByRole('dialog', { name: 'Create application credential' });
    this.revealDialog = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('textbox', { name: 'Secret', exact: true }) });
    this.confirmDialog = page.getByRole('alertdialog');
  }

  async open(): Promise<void> {
    await this.link.click();
    await expect(this.createButton).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }

  /** Create, by keyboard: the dialog opens with focus inside it. */
  async openCreate(): Promise<void> {
    await this.createButton.focus();
    await this.page.keyboard.press('Enter');
    await expect(this.createDialog).toBeVisible();
    await expect(this.createDialog.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused();
  }

  /** The projects the open Create dialog's Project select offers, by name. */
  projectOptions(): Promise<string[]> {
    return this.createDialog
      .getByRole('combobox', { name: 'Project', exact: true })
      .getByRole('option')
      .allTextContents();
  }

  /** The open Create dialog → Name, Description, Project and the roles to keep ticked → Create application credential. */
  async create(v: { name: string; description: string; project: string; roles?: string[] }): Promise<void> {
    const d = this.createDialog;
    if (!(await d.isVisible())) await this.openCreate();
    await d.getByRole('textbox', { name: 'Name', exact: true }).fill(v.name);
    await d.getByRole('textbox', { name: 'Description', exact: true }).fill(v.description);
    await d.getByRole('combobox', { name: 'Project', exact: true }).selectOption({ label: v.project });
    if (v.roles) {
      const group = d.getByRole('group', { name: 'Roles' });
      for (const box of await group.getByRole('checkbox').all()) {
        const name = (await box.getAttribute('value')) ?? '';
        await box.setChecked(v.roles.includes(name));
      }
    }
    await d.getByRole('button', { name: 'Create application credential', exact: true }).click();
    // The toast appears where the button was: the pointer leaves so it does not pause it over the reveal's Close.
    await this.page.mouse.move(0, 0);
    await expect(this.revealDialog).toBeVisible();
  }

  async revealedSecret(): Promise<string> {
    const value = await this.revealDialog.getByRole('textbox', { name: 'Secret', exact: true }).inputValue();
    const found = new Set([...value.matchAll(APPLICATION_CREDENTIAL_SECRET_PATTERN)].map((m) => m[0]));
    if (found.size !== 1) throw new Error(`The reveal dialog should show exactly one secret; it shows ${found.size}.`);
    return [...found][0]!;
  }

  revealedId(): Promise<string> {
    return this.revealDialog.getByRole('textbox', { name: 'Application credential ID', exact: true }).inputValue();
  }

  async copySecret(): Promise<void> {
    await this.revealDialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(this.revealDialog.getByRole('status').filter({ hasText: 'Copied' }).first()).toBeVisible();
  }

  async closeReveal(): Promise<void> {
    await this.revealDialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' }).click();
    await expect(this.revealDialog).toBeHidden();
  }

  /** Actions → Delete → the confirmation's Delete; waits for the row to go. */
  async delete(name: string): Promise<void> {
    await this.row(name)
      .getByRole('button', { name: `Actions for ${name}` })
      .click();
    await this.page.getByRole('menu').getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await expect(this.confirmDialog).toContainText(name);
    await this.confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
