import { expect, type Locator, type Page } from '@playwright/test';

/** One credential's details (an auth token's, or an OAuth 2.0 client credential's), under User Settings or a user's page. */
export class TokenDetailsPage {
  readonly back: Locator;
  readonly recentClients: Locator;
  readonly clientsTable: Locator;
  readonly activity: Locator;
  readonly regenerateButton: Locator;
  readonly suspendButton: Locator;
  readonly resumeButton: Locator;
  readonly deleteButton: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.back = main.getByRole('link', { name: /^Back to / });
    this.recentClients = main.getByRole('region', { name: 'Recent clients', exact: true });
    this.clientsTable = this.recentClients.getByRole('table', { name: 'Clients of the last 30 days' });
    this.activity = main.getByRole('region', { name: 'Activity', exact: true });
    this.regenerateButton = main.getByRole('button', { name: 'Regenerate', exact: true });
    this.suspendButton = main.getByRole('button', { name: 'Suspend', exact: true });
    this.resumeButton = main.getByRole('button', { name: 'Resume', exact: true });
    this.deleteButton = main.getByRole('button', { name: 'Delete', exact: true });
    this.confirmDialog = page.getByRole('alertdialog');
  }

  heading(description: string): Locator {
    return this.page.getByRole('heading', { level: 2, name: description, exact: true });
  }

  async expectOpen(description: string, tokenId: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/auth-tokens/${tokenId}$`));
    await expect(this.heading(description)).toBeVisible();
  }

  /** A row of the recent clients table by its address. */
  client(address: string): Locator {
    return this.clientsTable.getByRole('row').filter({ hasText: address });
  }

  /** A fact of the token ("Scopes", "Networks", "Created" …): its value. */
  fact(name: string): Locator {
    return this.page
      .getByRole('article')
      .locator('dt', { hasText: new RegExp(`^${name}$`) })
      .locator('xpath=following-sibling::dd[1]');
  }
}
