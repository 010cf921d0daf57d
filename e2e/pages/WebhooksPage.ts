import { expect, type Locator, type Page } from '@playwright/test';

/** Identity → Webhooks: the endpoints, Add webhook with its one-time secret, and an endpoint's delivery log. */
export class WebhooksPage {
  readonly heading: Locator;
  readonly addButton: Locator;
  readonly table: Locator;
  readonly formDialog: Locator;
  readonly revealDialog: Locator;
  readonly confirmDialog: Locator;
  readonly deliveries: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Webhooks', level: 1 });
    this.addButton = page.getByRole('button', { name: 'Add webhook', exact: true });
    this.table = page.getByRole('table', { name: 'Webhooks' });
    this.formDialog = page.getByRole('dialog', { name: /^(Add|Edit) webhook$/ });
    this.revealDialog = page.getByRole('dialog', { name: 'Copy your signing secret' });
    this.confirmDialog = page.getByRole('alertdialog');
    this.deliveries = page.getByRole('table', { name: 'Deliveries' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/identity/webhooks');
    await expect(this.heading).toBeVisible();
  }

  /** Fills Add webhook (events by their labels) and submits; the reveal dialog is open afterwards. */
  async add(url: string, description: string, events: string[]): Promise<void> {
    await this.addButton.click();
    await expect(this.formDialog).toBeVisible();
    await this.formDialog.getByRole('textbox', { name: 'URL' }).fill(url);
    await this.formDialog.getByRole('textbox', { name: 'Description' }).fill(description);
    for (const e of events) await this.formDialog.getByRole('checkbox', { name: e, exact: true }).check();
    await this.formDialog.getByRole('button', { name: 'Add webhook', exact: true }).click();
    await expect(this.revealDialog).toBeVisible();
  }

  /** The secret as the reveal dialog shows it (never printed by callers). */
  async shownSecret(): Promise<string> {
    return this.revealDialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
  }

  async copySecret(): Promise<void> {
    await this.revealDialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(this.revealDialog.getByRole('status').filter({ hasText: 'Copied' }).first()).toBeVisible();
  }

  async closeReveal(): Promise<void> {
    await this.revealDialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' }).click();
    await expect(this.revealDialog).toBeHidden();
  }

  /** The list's row of the endpoint whose description this is. */
  row(description: string): Locator {
    return this.table.getByRole('row').filter({ hasText: description });
  }

  /** Opens the endpoint's delivery log from its row. */
  async openLog(description: string): Promise<void> {
    await this.row(description).getByRole('link').click();
    await expect(this.page.getByRole('heading', { name: 'Delivery log' })).toBeVisible();
  }

  /** The log's row of one delivery, found by its webhook-id (shown with the payload). */
  delivery(webhookId: string): Locator {
    return this.deliveries.getByRole('row').filter({ has: this.page.getByText(webhookId, { exact: true }) });
  }
}
