import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './UsersPage.js';

export interface NewServiceAccountForm {
  username: string;
  displayName: string;
  description: string;
  /** The owner option's text: "Administrators", or a person as "Display name (username)". */
  owner: string | RegExp;
}

/**
 * Service accounts: Identity → Service accounts (administrators) or User Settings → Service accounts (their owner),
 * a list; and one service account's page with its controls. Its credentials are the Auth Tokens page object's.
 */
export class ServiceAccountsPage {
  readonly table: Locator;
  readonly search: Locator;
  readonly createButton: Locator;
  readonly createDialog: Locator;
  /** On a service account's page. */
  readonly badge: Locator;
  readonly transferButton: Locator;
  readonly transferDialog: Locator;
  readonly disableButton: Locator;
  readonly enableButton: Locator;
  readonly deleteButton: Locator;
  readonly confirmDialog: Locator;
  readonly details: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Service accounts' });
    this.search = page.getByRole('searchbox', { name: 'Search service accounts' });
    this.createButton = page.getByRole('button', { name: 'Create service account', exact: true });
    this.createDialog = page.getByRole('dialog', { name: 'Create service account' });
    this.badge = page.getByText('Service account', { exact: true });
    this.transferButton = page.getByRole('button', { name: 'Transfer ownership', exact: true });
    this.transferDialog = page.getByRole('dialog', { name: 'Transfer ownership' });
    this.disableButton = page.getByRole('button', { name: 'Disable', exact: true });
    this.enableButton = page.getByRole('button', { name: 'Enable', exact: true });
    this.deleteButton = page.getByRole('button', { name: 'Delete', exact: true });
    this.confirmDialog = page.getByRole('alertdialog');
    this.details = page.locator('.user-header');
  }

  /** A toast saying what was done. */
  toast(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  row(text: string): Locator {
    return this.table.getByRole('row').filter({ hasText: text });
  }

  /** The page's heading: the service account's display name. */
  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, level: 1 });
  }

  /** The value shown for a detail ("Owner", "Status", …) in the page's header. */
  detail(term: string): Locator {
    return this.details
      .locator('div')
      .filter({ has: this.page.getByRole('term').filter({ hasText: term }) })
      .getByRole('definition');
  }

  /** Create service account → fill → submit; the console then opens its page. */
  async create(form: NewServiceAccountForm): Promise<void> {
    await this.createButton.click();
    await expect(this.createDialog).toBeVisible();
    await this.createDialog.getByLabel('Username', { exact: true }).fill(form.username);
    await this.createDialog.getByLabel('Display name', { exact: true }).fill(form.displayName);
    await this.createDialog.getByLabel('Description', { exact: true }).fill(form.description);
    await chooseOption(this.createDialog, 'Owner', form.owner);
    await this.createDialog.getByRole('button', { name: 'Create service account', exact: true }).click();
    await expect(this.createDialog).toBeHidden();
    await expect(this.toast(`Created service account ${form.username}.`)).toBeVisible();
    await expect(this.heading(form.displayName)).toBeVisible();
  }

  /** Opens a service account's page from the list (after searching, so pagination does not hide it). */
  async open(name: string): Promise<void> {
    await this.search.fill(name);
    await expect(this.row(name)).toHaveCount(1);
    await this.row(name).getByRole('link').first().click();
    await expect(this.badge).toBeVisible();
  }

  /** Transfer ownership, entirely by keyboard: the button, the Owner choice, and the submit. */
  async transferWithKeyboard(owner: string | RegExp): Promise<void> {
    await this.transferButton.focus();
    await this.page.keyboard.press('Enter');
    await expect(this.transferDialog).toBeVisible();
    const choice = this.transferDialog.getByRole('combobox', { name: 'Owner' });
    await expect(choice).toBeFocused();
    await chooseOption(this.transferDialog, 'Owner', owner);
    // A select does not submit on Enter: Tab on to the dialog's submit button.
    const submit = this.transferDialog.getByRole('button', { name: 'Transfer ownership', exact: true });
    for (let i = 0; i < 5 && !(await submit.evaluate((el) => el === document.activeElement)); i++)
      await this.page.keyboard.press('Tab');
    await expect(submit).toBeFocused();
    await this.page.keyboard.press('Enter');
    await expect(this.transferDialog).toBeHidden();
  }
}
