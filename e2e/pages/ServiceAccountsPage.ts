import { expect, type Locator, type Page } from '@playwright/test';

export interface NewServiceAccountForm {
  username: string;
  displayName: string;
  description: string;
  /** The owner option's text: "Administrators", or a person as "Display name (username)". */
  owner: string | RegExp;
  /** What to type in the Owner box to find a person (a username, a part of a name). */
  ownerSearch?: string;
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
    await this.chooseOwner(this.createDialog, form.owner, form.ownerSearch);
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

  /** A dialog's Owner box: type to search people; its list, with a line saying what was found. */
  ownerBox(dialog: Locator): Locator {
    return dialog.getByRole('combobox', { name: 'Owner' });
  }

  ownerOptions(dialog: Locator): Locator {
    return dialog.getByRole('listbox', { name: 'Owner' });
  }

  ownerStatus(dialog: Locator): Locator {
    return dialog.getByRole('status');
  }

  /** Owner by mouse: type `search` (or just open the list), then click the option. */
  async chooseOwner(dialog: Locator, owner: string | RegExp, search?: string): Promise<void> {
    const box = this.ownerBox(dialog);
    if (search === undefined) await box.click();
    else await box.fill(search);
    await this.ownerOptions(dialog).getByRole('option', { name: owner }).click();
    await expect(box).toHaveValue(owner);
  }

  /**
   * Owner by keyboard, from the focused box: type `search` (replacing the chosen owner's name, which focus selects) or
   * open the list with Down, then Down to the option and Enter.
   */
  async chooseOwnerByKeyboard(dialog: Locator, owner: string | RegExp, search?: string): Promise<void> {
    const box = this.ownerBox(dialog);
    await expect(box).toBeFocused();
    if (search === undefined) await this.page.keyboard.press('ArrowDown');
    else await this.page.keyboard.type(search);
    const list = this.ownerOptions(dialog);
    // Results for the whole text, not a keystroke ago: Enter waits for them anyway.
    await expect(list).toBeVisible();
    await expect(list).not.toHaveAttribute('aria-busy', 'true');
    const option = list.getByRole('option', { name: owner });
    await expect(option).toBeVisible();
    for (let i = 0; i < 12 && (await option.getAttribute('aria-selected')) !== 'true'; i++)
      await this.page.keyboard.press('ArrowDown');
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await this.page.keyboard.press('Enter');
    await expect(list).toBeHidden();
    await expect(box).toHaveValue(owner);
  }

  /** Transfer ownership → the dialog, by keyboard: the Owner box has the focus. */
  async openTransferWithKeyboard(): Promise<void> {
    await this.transferButton.focus();
    await this.page.keyboard.press('Enter');
    await expect(this.transferDialog).toBeVisible();
    await expect(this.ownerBox(this.transferDialog)).toBeFocused();
  }

  /** From the Owner box, Tab on to the dialog's submit button and press Enter. */
  async submitTransferWithKeyboard(): Promise<void> {
    const submit = this.transferDialog.getByRole('button', { name: 'Transfer ownership', exact: true });
    for (let i = 0; i < 5 && !(await submit.evaluate((el) => el === document.activeElement)); i++)
      await this.page.keyboard.press('Tab');
    await expect(submit).toBeFocused();
    await this.page.keyboard.press('Enter');
    await expect(this.transferDialog).toBeHidden();
  }

  /** Transfer ownership, entirely by keyboard: the button, the Owner choice (found by `search`), and the submit. */
  async transferWithKeyboard(owner: string | RegExp, search?: string): Promise<void> {
    await this.openTransferWithKeyboard();
    await this.chooseOwnerByKeyboard(this.transferDialog, owner, search);
    await this.submitTransferWithKeyboard();
  }
}
