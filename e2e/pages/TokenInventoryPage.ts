import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Identity → Auth Tokens (every token of the organisation) and Identity → OAuth 2.0 client credentials: the same
 * filter bar, table and Export CSV; the tokens' page adds selection, bulk revoke with its dialog, and Undo.
 */
export class TokenInventoryPage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly search: Locator;
  readonly owner: Locator;
  readonly status: Locator;
  readonly moreFilters: Locator;
  readonly expiry: Locator;
  readonly unusedForDays: Locator;
  readonly count: Locator;
  readonly table: Locator;
  readonly selectAll: Locator;
  readonly selectedCount: Locator;
  readonly revokeSelected: Locator;
  readonly revokeAllMatching: Locator;
  readonly exportCsv: Locator;
  readonly revokeDialog: Locator;
  readonly reason: Locator;
  readonly preview: Locator;
  readonly previewCount: Locator;
  /** "Revoked 2 tokens", with Undo while the window is open. */
  readonly undoBanner: Locator;
  readonly undo: Locator;
  readonly recentRevocations: Locator;
  readonly confirmDialog: Locator;

  constructor(
    readonly page: Page,
    kind: 'tokens' | 'clients' = 'tokens',
  ) {
    const main = page.getByRole('main');
    this.heading = page.getByRole('heading', {
      level: 1,
      name: kind === 'tokens' ? 'Auth Tokens' : 'OAuth 2.0 client credentials',
    });
    this.filters = page.getByRole('search', { name: kind === 'tokens' ? 'Filter tokens' : 'Filter clients' });
    this.search = this.filters.getByRole('searchbox', { name: 'Search' });
    this.owner = this.filters.getByRole('textbox', { name: 'Owner' });
    this.status = this.filters.getByRole('combobox', { name: 'Status' });
    this.moreFilters = this.filters.getByText(/^More filters/);
    this.expiry = this.filters.getByRole('combobox', { name: 'Expiry' });
    this.unusedForDays = this.filters.getByRole('spinbutton', { name: 'Unused for days' });
    this.count = this.filters.getByRole('status');
    this.table = main.getByRole('table', {
      name: kind === 'tokens' ? 'Auth tokens of the organisation' : 'OAuth 2.0 client credentials of the organisation',
    });
    this.selectAll = this.table.getByRole('checkbox', { name: 'Select all on this page' });
    this.selectedCount = main.getByText(/^(None|\d+) selected$/);
    this.revokeSelected = main.getByRole('button', { name: 'Revoke selected', exact: true });
    this.revokeAllMatching = main.getByRole('button', { name: 'Revoke all matching', exact: true });
    this.exportCsv = main.getByRole('button', { name: /^Export CSV|^Exporting/ });
    this.revokeDialog = page.getByRole('alertdialog', { name: 'Revoke tokens' });
    this.reason = this.revokeDialog.getByRole('textbox', { name: 'Reason' });
    this.preview = this.revokeDialog.getByRole('button', { name: 'Preview', exact: true });
    this.previewCount = this.revokeDialog.getByText(/will be revoked\.$|nothing will be revoked/);
    this.undoBanner = main.getByRole('region', { name: /^Revoked \d+ tokens?$/ });
    this.undo = this.undoBanner.getByRole('button', { name: 'Undo', exact: true });
    this.recentRevocations = main.getByRole('region', { name: 'Recent revocations' }).first();
    this.confirmDialog = page.getByRole('alertdialog').filter({ hasNot: page.getByRole('textbox') });
  }

  async goto(path = '/identity/auth-tokens'): Promise<void> {
    await this.page.goto(path);
    await expect(this.heading).toBeVisible();
  }

  row(text: string): Locator {
    return this.table.getByRole('row').filter({ hasText: text });
  }

  /** The body rows (the header row left out). */
  rows(): Locator {
    return this.table.locator('tbody').getByRole('row');
  }

  async openMoreFilters(): Promise<void> {
    if (!(await this.expiry.isVisible())) await this.moreFilters.click();
    await expect(this.filters.getByRole('textbox', { name: 'Created by' })).toBeVisible();
  }

  /** Ticks a row's checkbox. */
  async select(description: string): Promise<void> {
    await this.row(description).getByRole('checkbox').check();
  }

  /** The row's Actions menu item (Suspend, Resume, Revoke…, Delete). */
  async rowAction(text: string, item: string): Promise<void> {
    await this.row(text)
      .getByRole('button', { name: /^Actions for / })
      .click();
    await this.page.getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** Reason → Preview: the dialog then says how many tokens will be revoked. */
  async previewRevocation(reason: string): Promise<void> {
    await expect(this.revokeDialog).toBeVisible();
    await this.reason.fill(reason);
    await this.preview.click();
    await expect(this.previewCount).toBeVisible();
  }

  /** The preview's confirm button: "Revoke 2 tokens". */
  confirmRevoke(count: number): Locator {
    return this.revokeDialog.getByRole('button', { name: `Revoke ${count} ${count === 1 ? 'token' : 'tokens'}` });
  }
}
