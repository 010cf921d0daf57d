import { expect, type Locator, type Page } from '@playwright/test';

/** Activity: User Settings → Activity, a user's Activity, or Identity → Activity for the whole organisation. */
export class ActivityPage {
  readonly table: Locator;
  readonly filters: Locator;
  readonly exportCsv: Locator;
  readonly exportJson: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'User agent' }) });
    this.filters = page.getByRole('search', { name: 'Filter activity' });
    this.exportCsv = page.getByRole('link', { name: 'Export CSV', exact: true });
    this.exportJson = page.getByRole('link', { name: 'Export JSON', exact: true });
  }

  /** The Activity link of a user page's Resources navigation. */
  async openFromResources(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Resources', exact: true })
      .getByRole('link', { name: 'Activity' })
      .click();
    await this.expectLoaded();
  }

  /** Identity → Activity in the main navigation. */
  async openFromIdentity(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main', exact: true })
      .getByRole('link', { name: 'Activity' })
      .click();
    await expect(this.page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.exportCsv).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  async expectColumns(): Promise<void> {
    for (const column of ['Time', 'Action', 'Outcome', 'Actor', 'Target', 'Token', 'IP', 'User agent']) {
      await expect(this.table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
    }
  }

  async filter(opts: { user?: string; action?: string }): Promise<void> {
    if (opts.user !== undefined) await this.filters.getByLabel('User', { exact: true }).fill(opts.user);
    if (opts.action !== undefined)
      await this.filters.getByLabel('Action', { exact: true }).selectOption({ label: opts.action });
    await this.filters.getByRole('button', { name: 'Apply filters' }).click();
  }

  /** Rows whose text contains every given fragment. */
  row(...fragments: string[]): Locator {
    let rows = this.table.getByRole('row');
    for (const f of fragments) rows = rows.filter({ hasText: f });
    return rows;
  }
}
