import { expect, type Locator, type Page } from '@playwright/test';

export interface NewUserForm {
  username: string;
  displayName: string;
  password: string;
  role?: 'user' | 'admin';
}

/** Identity → Users: a searchable table and the Create user dialog. */
export class UsersPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly table: Locator;
  readonly createUserButton: Locator;
  readonly createDialog: Locator;
  readonly filters: Locator;
  readonly roleFilter: Locator;
  readonly statusFilter: Locator;
  /** "42 users", "2 users match". */
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Users', exact: true });
    this.search = page
      .getByRole('searchbox')
      .or(page.getByRole('textbox', { name: /search/i }))
      .first();
    this.table = page.getByRole('table');
    this.createUserButton = page.getByRole('button', { name: 'Create user', exact: true });
    this.createDialog = page.getByRole('dialog', { name: /create user/i });
    this.filters = page.getByRole('search', { name: 'Filter users' });
    this.roleFilter = this.filters.getByRole('combobox', { name: 'Role' });
    this.statusFilter = this.filters.getByRole('combobox', { name: 'Status' });
    this.count = this.filters.getByRole('status');
  }

  /** The value of one column in a user's row, by the column's heading. */
  async cell(username: string, column: string): Promise<Locator> {
    const headers = await this.table.getByRole('columnheader').allTextContents();
    const index = headers.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
    if (index === -1) throw new Error(`The users table has no column "${column}"`);
    return this.row(username).getByRole('cell').nth(index);
  }

  async expectLoaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  row(text: string): Locator {
    return this.table.getByRole('row').filter({ hasText: text });
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await expect(this.row(text)).toHaveCount(1);
  }

  async createUser(form: NewUserForm): Promise<void> {
    await this.createUserButton.click();
    const dialog = this.createDialog;
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Username', { exact: true }).fill(form.username);
    await dialog.getByLabel('Display name', { exact: true }).fill(form.displayName);
    await dialog.getByLabel('Password', { exact: true }).fill(form.password);
    if (form.role) await chooseOption(dialog, 'Role', form.role === 'admin' ? /admin/i : /user/i);
    await dialog.getByRole('button', { name: /^create( user)?$/i }).click();
    await expect(dialog).toBeHidden();
  }

  /** Opens a user's details page from the table (after searching, so pagination does not hide them). */
  async openUser(username: string): Promise<void> {
    await this.searchFor(username);
    await this.row(username).getByRole('link').first().click();
  }
}

/** Picks an option of a labelled choice that may be a native select, a custom combobox or a radio group. */
export async function chooseOption(scope: Locator, label: string, option: string | RegExp): Promise<void> {
  const page = scope.page();
  const combobox = scope.getByRole('combobox', { name: label });
  if ((await combobox.count()) > 0) {
    const isNative = await combobox.evaluate((el) => el.tagName === 'SELECT');
    if (isNative) {
      const options = await combobox.getByRole('option').allTextContents();
      const match = options.find((o) => (typeof option === 'string' ? o.trim() === option : option.test(o)));
      if (match === undefined) throw new Error(`"${label}" has no option ${String(option)}`);
      await combobox.selectOption({ label: match.trim() });
    } else {
      await combobox.click();
      await page.getByRole('option', { name: option }).click();
    }
    return;
  }
  const group = scope.getByRole('radiogroup', { name: label }).or(scope.getByRole('group', { name: label }));
  await group.getByRole('radio', { name: option }).check();
}
