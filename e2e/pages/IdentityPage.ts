import { expect, type Locator, type Page } from '@playwright/test';

/** Identity's overview: its areas, and the bootstrap token's state with Turn off / Turn on. */
export class IdentityPage {
  readonly heading: Locator;
  readonly bootstrapToken: Locator;
  readonly turnOff: Locator;
  readonly turnOn: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Identity', level: 1 });
    this.bootstrapToken = page.getByRole('region', { name: 'Bootstrap token' });
    this.turnOff = this.bootstrapToken.getByRole('button', { name: 'Turn off', exact: true });
    this.turnOn = this.bootstrapToken.getByRole('button', { name: 'Turn on', exact: true });
    this.confirmDialog = page.getByRole('alertdialog');
  }

  async goto(): Promise<void> {
    await this.page.goto('/identity');
    await expect(this.heading).toBeVisible();
    await expect(this.bootstrapToken.getByRole('term').first()).toBeVisible();
  }

  /** A fact of the bootstrap token card ("Configured", "Enabled", "Last used") by its term. */
  fact(term: string): Locator {
    return this.bootstrapToken.getByRole('definition').filter({
      has: this.page.locator(`xpath=preceding-sibling::dt[normalize-space()="${term}"]`),
    });
  }

  /** Turn off or Turn on, confirmed in the dialog. */
  async turn(to: 'off' | 'on'): Promise<void> {
    await (to === 'off' ? this.turnOff : this.turnOn).click();
    await expect(this.confirmDialog).toBeVisible();
    await this.confirmDialog.getByRole('button', { name: to === 'off' ? 'Turn off' : 'Turn on', exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
  }
}
