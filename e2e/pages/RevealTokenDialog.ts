import { expect, type Locator, type Page } from '@playwright/test';
import { TOKEN_PATTERN } from '../support/tokens.js';

/** Shown once after Generate or Regenerate: the only place the secret ever appears. */
export class RevealTokenDialog {
  readonly dialog: Locator;
  readonly copyButton: Locator;
  readonly closeButton: Locator;
  /** Asked when Escape or Close comes before anything was copied. */
  readonly closeGuard: Locator;
  readonly copyAs: Locator;
  readonly copySnippet: Locator;
  /** The optional "paste it back" step: open from the start for a token made for someone else. */
  readonly pasteField: Locator;
  readonly pasteToConfirm: Locator;
  readonly pasteFromClipboard: Locator;
  /** What the paste check says (a status: screen readers hear it). */
  readonly pasteResult: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Copy', exact: true }) });
    this.copyButton = this.dialog.getByRole('button', { name: 'Copy', exact: true });
    // A dialog may also have an icon-only "Close" (×); the labelled button is the one with visible text.
    this.closeButton = this.dialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' });
    this.closeGuard = page.getByRole('alertdialog', { name: 'Close without copying?' });
    this.copyAs = this.dialog.getByRole('combobox', { name: 'Copy as' });
    this.copySnippet = this.dialog.getByRole('button', { name: 'Copy snippet', exact: true });
    this.pasteField = this.dialog.getByRole('textbox', { name: 'Paste the token to confirm you stored it' });
    this.pasteToConfirm = this.dialog.getByRole('button', { name: 'Paste to confirm', exact: true });
    this.pasteFromClipboard = this.dialog.getByRole('button', { name: 'Paste from clipboard', exact: true });
    this.pasteResult = this.dialog.getByRole('status').filter({ hasText: /^It (does not )?match/ });
  }

  /** Puts `value` on the clipboard and pastes it into the confirm field with Ctrl+V (the clipboard must be granted). */
  async pasteWithKeyboard(value: string): Promise<void> {
    await this.page.evaluate((v) => navigator.clipboard.writeText(v), value);
    await this.pasteField.focus();
    await this.pasteField.press('ControlOrMeta+a');
    await this.pasteField.press('ControlOrMeta+v');
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

  /** Copies and waits until the dialog says so: the copy is asynchronous, and what follows may depend on it. */
  async copy(): Promise<void> {
    await this.copyButton.click();
    await expect(this.dialog.getByRole('status').filter({ hasText: 'Copied' }).first()).toBeVisible();
  }

  /** Close; when nothing was copied yet, confirms "Close without copying" too. */
  async close(): Promise<void> {
    await this.closeButton.last().click();
    const discard = this.closeGuard.getByRole('button', { name: 'Close without copying', exact: true });
    await expect(discard.or(this.page.getByRole('button', { name: 'Generate Token', exact: true }))).toBeVisible();
    if (await discard.isVisible()) await discard.click();
    await expect(this.closeGuard).toBeHidden();
    await expect(this.dialog).toBeHidden();
  }
}
