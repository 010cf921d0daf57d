import { expect, type Locator, type Page } from '@playwright/test';
import { horizontalOverflow } from './Layout.js';

export const ACTIVITY_COLUMNS = ['Time', 'Action', 'Outcome', 'Actor → target', 'Client'];

/** Activity: User Settings → Activity, a user's Activity, or Identity → Activity for the whole organisation. */
export class ActivityPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly tableFrame: Locator;
  readonly filters: Locator;
  readonly userFilter: Locator;
  readonly actionFilter: Locator;
  readonly fromFilter: Locator;
  readonly toFilter: Locator;
  readonly applyButton: Locator;
  readonly clearButton: Locator;
  readonly exportCsv: Locator;
  readonly exportJson: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: /^Activity$/ }).first();
    this.table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Client' }) });
    this.tableFrame = page.getByRole('region', { name: 'Activity events', exact: true });
    this.filters = page.getByRole('search', { name: 'Filter activity' });
    this.userFilter = this.filters.getByLabel('User', { exact: true });
    this.actionFilter = this.filters.getByLabel('Action', { exact: true });
    this.fromFilter = this.filters.getByLabel('From', { exact: true });
    this.toFilter = this.filters.getByLabel('To', { exact: true });
    this.applyButton = this.filters.getByRole('button', { name: 'Apply', exact: true });
    this.clearButton = this.filters.getByRole('button', { name: 'Clear', exact: true });
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
    for (const column of ACTIVITY_COLUMNS) {
      await expect(this.table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
    }
  }

  /** Every choice of the Action filter, as its visible label. */
  async actionChoices(): Promise<string[]> {
    return (await this.actionFilter.locator('option').allTextContents()).map((t) => t.trim());
  }

  async filter(opts: { user?: string; action?: string }): Promise<void> {
    if (opts.user !== undefined) await this.userFilter.fill(opts.user);
    if (opts.action !== undefined) await this.actionFilter.selectOption({ label: opts.action });
    await this.applyButton.click();
  }

  /** Rows whose text contains every given fragment. */
  row(...fragments: string[]): Locator {
    let rows = this.table.getByRole('row');
    for (const f of fragments) rows = rows.filter({ hasText: f });
    return rows;
  }

  /** The rows below the header row. */
  bodyRows(): Locator {
    return this.table.getByRole('row').filter({ hasNot: this.page.getByRole('columnheader') });
  }

  /** The short user agent shown in a row, which carries the whole string as its tooltip. */
  userAgentOf(row: Locator, short: string): Locator {
    return row.getByRole('cell').last().locator('[title]').filter({ hasText: short });
  }

  /** The exports sit on the heading's line, to its right, not under it. */
  async expectExportsBesideHeading(): Promise<void> {
    const heading = await this.heading.boundingBox();
    for (const link of [this.exportCsv, this.exportJson]) {
      const box = await link.boundingBox();
      expect(heading && box, 'heading and export link are laid out').toBeTruthy();
      expect(box!.x).toBeGreaterThan(heading!.x + heading!.width);
      expect(box!.y).toBeLessThan(heading!.y + heading!.height);
      expect(box!.y + box!.height).toBeGreaterThan(heading!.y);
    }
  }

  /** Neither the page nor (when `tableFits`) the table inside its card is wider than the window. */
  async expectNoHorizontalOverflow({ tableFits }: { tableFits: boolean }): Promise<void> {
    await expect
      .poll(() => horizontalOverflow(this.page), { message: 'the page pans sideways' })
      .toBeLessThanOrEqual(0);
    if (tableFits) {
      const overflow = await this.tableFrame.evaluate((frame) => frame.scrollWidth - frame.clientWidth);
      expect(overflow, 'the table fits its frame').toBeLessThanOrEqual(0);
    }
  }
}
