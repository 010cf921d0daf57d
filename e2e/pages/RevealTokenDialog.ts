import { expect, type Locator, type Page } from '@playwright/test';
import { TOKEN_PATTERN } from '../support/tokens.js';

/** Shown once after Generate or Regenerate: the only place the secret ever appears. */
export class RevealTokenDialog {
  readonly dialog: Locator;
  readonly copyButton: Locator;
  readonly closeButton: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Copy', exact: true }) });
    this.copyButton = this.dialog.getByRole('button', { name: 'Copy', exact: true });
    // A dialog may also have an icon-only "Close" (×); the labelled button is the one with visible text.
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' });
  }

  async expectOpen(): Promise<void> {
    await expect(this.dialog).toBeVisible();
  }

  /** The token as shown: in the dialog's text or in a read-only field. Never printed by callers. */
  async token(): Promise<string> {
    await this.expectOpen();
    const texts = [await this.dialog.innerText()];
    for (const field of await this.dialog.getByRole('textbox').all()) texts.push(await field.inputValue());
    const found = new Set(texts.flatMap((t) => t.match(TOKEN_PATTERN) ?? []));
    if (found.size !== 1) throw new Error(`The reveal dialog should show exactly one token; it shows ${found.size}.`);
    return [...found][0]!;
  }

  async copy(): Promise<void> {
    await this.copyButton.click();
  }

  async close(): Promise<void> {
    await this.closeButton.last().click();
    await expect(this.dialog).toBeHidden();
  }
}
